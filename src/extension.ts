import * as vscode from 'vscode';
export function activate(_c: vscode.ExtensionContext): void {}
