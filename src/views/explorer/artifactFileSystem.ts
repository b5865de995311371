/**
 * Serves run artifacts under `mlflow-artifact://<runId>/<run name>/<path>` (see `artifactUriPath.ts`) as a
 * read-only file system, so files open in VS Code's own editors (text, images) and can never be edited
 * or saved back into the store. A path leaving the artifact root is refused here, and again by the store.
 * A file larger than `PREVIEW_LIMIT_BYTES` is never read whole: only a `?head=<bytes>` URI (what
 * "Open Anyway" opens) reads it, and then only its first bytes.
 */
import * as vscode from 'vscode';
import { artifactEntry, readArtifactHead } from '../../core/artifacts/artifactRange';
import { formatBytes, PREVIEW_LIMIT_BYTES } from '../../core/artifacts/sizeGuard';
import type { FileInfo } from '../../core/model/entities';
import type { TrackingStore } from '../../core/store/trackingStore';
import { headBytesOf, parseArtifactUriParts } from './artifactUriPath';
import { ARTIFACT_SCHEME } from './treeItems';

function parse(uri: vscode.Uri): { runId: string; path: string } {
  try {
    return parseArtifactUriParts({ authority: uri.authority, path: uri.path });
  } catch (err) {
    throw vscode.FileSystemError.NoPermissions(`${uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
  }
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
    const head = headBytesOf(uri.query, PREVIEW_LIMIT_BYTES);
    const size = entry.file_size ?? 0;
    return {
      type: entry.is_dir ? vscode.FileType.Directory : vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: head === undefined ? size : Math.min(size, head),
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
    const head = headBytesOf(uri.query, PREVIEW_LIMIT_BYTES);
    let entry: FileInfo;
    try {
      if (head !== undefined) return (await readArtifactHead(store, runId, path, head)).bytes;
      entry = await artifactEntry(store, runId, path);
    } catch (err) {
      throw vscode.FileSystemError.FileNotFound(`${uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (entry.is_dir) throw vscode.FileSystemError.FileIsADirectory(uri);
    if (entry.file_size === undefined || entry.file_size > PREVIEW_LIMIT_BYTES) {
      // Reading it whole could take the window's memory; MLflow: Open Artifact offers its first bytes.
      throw vscode.FileSystemError.Unavailable(
        `${uri.toString()}: the artifact is ${entry.file_size === undefined ? 'of unknown size' : formatBytes(entry.file_size)}, more than ` +
          `${formatBytes(PREVIEW_LIMIT_BYTES)}; open it from the MLflow view to read its start, or download it.`,
      );
    }
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
