/**
 * The local explorer (browser code, bundled by ./build.ts): GraphiQL with a role picker
 * that mints development tokens from the local server's POST /dev/token and sends them
 * as `Authorization: Bearer …` with every operation.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/graphiql.css';
import { roles, type Role } from '../../../lambda/auth/caller';
import { demoProviderId } from '../demo-case';
import { exampleTabs } from './examples';
import './scalar-lint';

type Fetcher = GraphiQLProps['fetcher'];
type Session = { role: Role; providerId: string | null; token: string };

const ENDPOINT = '/graphql';

async function mintToken(role: Role, providerId: string | null): Promise<string> {
  const res = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(role === 'PROVIDER' ? { providerId } : {}) }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.token;
}

function RolePicker(props: { session: Session | null; error: string | null; onPick: (role: Role, providerId: string | null) => void }) {
  const [role, setRole] = useState<Role>(props.session?.role ?? 'UM_NURSE');
  const [providerId, setProviderId] = useState(props.session?.providerId ?? demoProviderId);
  const current = props.session;
  return (
    <form
      className="mn-roles"
      onSubmit={(e) => {
        e.preventDefault();
        props.onPick(role, role === 'PROVIDER' ? providerId.trim() : null);
      }}
    >
      <strong>Medical-necessity API · local explorer</strong>
      <label>
        Role{' '}
        <select id="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {role === 'PROVIDER' && (
        <label>
          Provider id <input id="provider-id" value={providerId} onChange={(e) => setProviderId(e.target.value)} size={16} />
        </label>
      )}
      <button id="use-role" type="submit">
        Use this role
      </button>
      <span id="current-role" className="mn-current" title={current ? `Authorization: Bearer ${current.token}` : ''}>
        {current
          ? `Authorization: Bearer … (${current.role}${current.providerId ? ` ${current.providerId}` : ''}, development token)`
          : 'no token yet'}
      </span>
      {props.error && <span className="mn-error">{props.error}</span>}
    </form>
  );
}

function Explorer() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(null);

  const pick = useCallback((role: Role, providerId: string | null) => {
    mintToken(role, providerId).then(
      (token) => {
        tokenRef.current = token;
        setSession({ role, providerId, token });
        setError(null);
      },
      (err: unknown) => setError(`Could not get a token: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, []);
  useEffect(() => pick('UM_NURSE', null), [pick]);

  // One fetcher for the page's life (GraphiQL refetches the schema when it changes); it
  // reads the current token at call time. A header typed in the Headers tab wins.
  const fetcher = useMemo<Fetcher>(
    () => async (params, opts) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (tokenRef.current) headers.authorization = `Bearer ${tokenRef.current}`;
      for (const [k, v] of Object.entries(opts?.headers ?? {})) headers[k.toLowerCase()] = String(v);
      const res = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify(params) });
      const text = await res.text();
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
      }
    },
    [],
  );

  return (
    <div className="mn-page">
      <RolePicker session={session} error={error} onPick={pick} />
      <div className="mn-ide">
        {session ? (
          <GraphiQL
            fetcher={fetcher}
            defaultTabs={exampleTabs}
            defaultEditorToolsVisibility="variables"
            shouldPersistHeaders={false}
          />
        ) : (
          <p className="mn-wait">{error ?? 'Getting a development token…'}</p>
        )}
      </div>
    </div>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Explorer />);
