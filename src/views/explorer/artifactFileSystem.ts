/**
 * Serves run artifacts under `mlflow-artifact:/<runId>/<path>` as a read-only file system, so files open
 * in VS Code's own editors (text, images) and can never be edited or saved back into the store.
 * Paths are checked by the store (`readArtifact` rejects escapes from the artifact root).
 */
import * as vscode from 'vscode';
import type { FileInfo } from '../../core/model/entities';
import type { TrackingStore } from '../../core/store/trackingStore';
import { ARTIFACT_SCHEME } from './treeItems';

function parse(uri: vscode.Uri): { runId: string; path: string } {
  const [, runId = '', ...rest] = uri.path.split('/');
  return { runId, path: rest.join('/') };
}

export class ArtifactFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(private readonly currentStore: () => Promise<TrackingStore | undefined>) {}

  static register(currentStore: () => Promise<TrackingStore | undefined>): vscode.Disposable {
    return vscode.workspace.registerFileSystemProvider(ARTIFACT_SCHEME, new ArtifactFileSystem(currentStore), {
      isReadonly: true,
      isCaseSensitive: true,
    });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { runId, path } = parse(uri);
    if (path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const slash = path.lastIndexOf('/');
    const parent = slash >= 0 ? path.slice(0, slash) : '';
    const entries = await this.list(uri, runId, parent);
    const entry = entries.find((e) => e.path.replace(/\/+$/, '') === path);
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    return {
      type: entry.is_dir ? vscode.FileType.Directory : vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: entry.file_size ?? 0,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { runId, path } = parse(uri);
    const entries = await this.list(uri, runId, path);
    return entries.map((e) => [e.path.split('/').pop() ?? e.path, e.is_dir ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { runId, path } = parse(uri);
    const store = await this.store(uri);
    try {
      return await store.readArtifact(runId, path);
    } catch (err) {
      throw vscode.FileSystemError.FileNotFound(`${uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private async list(uri: vscode.Uri, runId: string, path: string): Promise<FileInfo[]> {
    const store = await this.store(uri);
    try {
      return await store.listArtifacts(runId, path || undefined);
    } catch (err) {
      throw vscode.FileSystemError.FileNotFound(`${uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async store(uri: vscode.Uri): Promise<TrackingStore> {
    const store = await this.currentStore();
    if (!store) throw vscode.FileSystemError.Unavailable(`${uri.toString()}: no tracking store is open`);
    return store;
  }
}
