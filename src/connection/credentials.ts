/**
 * Tracking-server credentials kept in VS Code's SecretStorage, keyed by tracking URI: never in
 * settings, never logged. The REST store asks `provider(uri)` before every request, so credentials
 * entered after a 401 apply at once. Saved credentials beat MLflow's environment variables.
 */
import * as vscode from 'vscode';
import { redact } from '../core/log';
import {
  credentialsKey,
  parseSavedCredentials,
  type Credentials,
  type CredentialsProvider,
} from '../core/store/rest/credentials';
import { restOptionsFromEnv } from '../core/store/rest/environment';

export class CredentialStore implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<Credentials | undefined>>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Another window may have changed them.
    this.listener = secrets.onDidChange((e) => this.cache.delete(e.key));
  }

  get(trackingUri: string): Promise<Credentials | undefined> {
    const key = credentialsKey(trackingUri);
    let saved = this.cache.get(key);
    if (!saved) {
      saved = Promise.resolve(this.secrets.get(key)).then(parseSavedCredentials);
      this.cache.set(key, saved);
    }
    return saved;
  }

  async save(trackingUri: string, credentials: Credentials): Promise<void> {
    const key = credentialsKey(trackingUri);
    this.cache.delete(key);
    await this.secrets.store(key, JSON.stringify(credentials));
  }

  async forget(trackingUri: string): Promise<void> {
    const key = credentialsKey(trackingUri);
    this.cache.delete(key);
    await this.secrets.delete(key);
  }

  /** Saved credentials for this server, else MLflow's environment variables and ~/.mlflow/credentials. */
  provider(trackingUri: string, env: Readonly<Record<string, string | undefined>> = process.env): CredentialsProvider {
    const fromEnvironment = restOptionsFromEnv(env).credentials;
    return async () => (await this.get(trackingUri)) ?? (await fromEnvironment?.());
  }

  dispose(): void {
    this.listener.dispose();
    this.cache.clear();
  }
}

/**
 * Asks for a username and password or a token for one server and saves them. Returns false when
 * the user cancelled. Values are read with `password: true` and go nowhere but SecretStorage.
 */
export async function promptForCredentials(trackingUri: string, store: CredentialStore): Promise<boolean> {
  const server = redact(trackingUri);
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Username and password', description: 'HTTP basic auth (mlflow server --app-name basic-auth)', choice: 'basic' as const },
      { label: 'Token', description: 'Sent as a bearer token', choice: 'token' as const },
      { label: 'Forget saved credentials', description: 'Fall back to MLFLOW_TRACKING_* environment variables', choice: 'forget' as const },
    ],
    { title: `Credentials for ${server}`, placeHolder: 'How does this MLflow server authenticate?', ignoreFocusOut: true },
  );
  if (!picked) return false;
  if (picked.choice === 'forget') {
    await store.forget(trackingUri);
    return true;
  }
  if (picked.choice === 'token') {
    const token = await vscode.window.showInputBox({ title: `Token for ${server}`, password: true, ignoreFocusOut: true, validateInput: required });
    if (token === undefined) return false;
    await store.save(trackingUri, { token });
    return true;
  }
  const username = await vscode.window.showInputBox({ title: `Username for ${server}`, ignoreFocusOut: true, validateInput: required });
  if (username === undefined) return false;
  const password = await vscode.window.showInputBox({ title: `Password for ${username} at ${server}`, password: true, ignoreFocusOut: true, validateInput: required });
  if (password === undefined) return false;
  await store.save(trackingUri, { username, password });
  return true;
}

function required(value: string): string | undefined {
  return value === '' ? 'Required' : undefined;
}
