import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  isAllowedNavigation,
  isAppUrl,
  proxyTarget,
  secureWebPreferences,
} from '../../src-main/shell/security';
import { ELECTRON_APP_ORIGIN } from '../../src-main/core/server/access-guard';

const CORE = 'http://127.0.0.1:41234';

/** Splits a CSP into directive name → sources, so each directive is asserted on its own. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/opt/vigie/preload.cjs');

  it('isolates the page from the preload and sandboxes the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('gives the page no Node, in the page or in workers', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
  });

  it('keeps web security on and refuses mixed content', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('disables webviews and spellcheck', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.spellcheck).toBe(false);
  });

  it('never throttles a wall window in the background', () => {
    expect(prefs.backgroundThrottling).toBe(false);
  });

  it('uses the given preload and sets nothing else', () => {
    expect(prefs).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      backgroundThrottling: false,
      preload: '/opt/vigie/preload.cjs',
    });
  });

  it('returns a fresh object each time, so one window cannot alter another', () => {
    const a = secureWebPreferences('a');
    const b = secureWebPreferences('a');
    expect(a).not.toBe(b);
  });
});

describe('isAllowedNavigation', () => {
  it('allows pages of the app origin', () => {
    expect(isAllowedNavigation('vigie://app/index.html?display=2', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('vigie://app/', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('vigie://APP/index.html', APP_ORIGIN)).toBe(true);
  });

  it('refuses other schemes, hosts and look-alikes', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:41234/index.html',
      'vigie://other/index.html',
      'vigie://app.evil.com/index.html',
      'vigie://app@evil.com/',
      'vigie://user:pass@app/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, APP_ORIGIN), url).toBe(false);
    }
  });

  it('never treats host-less origins as matching', () => {
    expect(isAllowedNavigation('file:///tmp/a.html', 'file:///tmp/')).toBe(false);
    expect(isAllowedNavigation('vigie://app/', 'garbage')).toBe(false);
  });

  it('works for an http app origin too (browser host)', () => {
    expect(isAllowedNavigation(`${CORE}/index.html`, CORE)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:1/index.html', CORE)).toBe(false);
  });

  it('isAppUrl matches only the vigie://app origin', () => {
    expect(isAppUrl('vigie://app/index.html')).toBe(true);
    expect(isAppUrl('vigie://other/index.html')).toBe(false);
    expect(isAppUrl(`${CORE}/index.html`)).toBe(false);
  });
});

describe('proxyTarget', () => {
  it('maps app paths and queries onto the core origin', () => {
    expect(proxyTarget('vigie://app/index.html?display=3', CORE)).toBe(`${CORE}/index.html?display=3`);
    expect(proxyTarget('vigie://app/assets/main-abc.js', CORE)).toBe(`${CORE}/assets/main-abc.js`);
    expect(proxyTarget('vigie://app/', CORE)).toBe(`${CORE}/`);
  });

  it('refuses other hosts and malformed URLs', () => {
    expect(proxyTarget('vigie://evil/index.html', CORE)).toBeNull();
    expect(proxyTarget('https://example.com/', CORE)).toBeNull();
    expect(proxyTarget('garbage', CORE)).toBeNull();
    expect(proxyTarget('vigie://app/index.html', 'garbage')).toBeNull();
  });

  it('keeps resolved dot segments at or below the core root', () => {
    expect(proxyTarget('vigie://app/assets/../../../secret', CORE)).toBe(`${CORE}/secret`);
    expect(proxyTarget('vigie://app/assets/%2e%2e/%2e%2e/secret', CORE)).toBe(`${CORE}/secret`);
  });

  it('refuses traversal hidden behind encoded separators or NUL', () => {
    expect(proxyTarget('vigie://app/assets/..%2fsecret', CORE)).toBeNull();
    expect(proxyTarget('vigie://app/assets/..%5csecret', CORE)).toBeNull();
    expect(proxyTarget('vigie://app/a%00b', CORE)).toBeNull();
    expect(proxyTarget('vigie://app/bad%zz', CORE)).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  const csp = directives(contentSecurityPolicy(CORE));

  it('defaults everything to self', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('allows scripts from self plus WASM compilation, never JS eval or inline scripts', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    const all = contentSecurityPolicy(CORE);
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'unsafe-inline'");
  });

  it('lets the page reach only the core over HTTP and WebSocket', () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:41234', 'ws://127.0.0.1:41234']);
  });

  it('allows images from self, data: and blob: only', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('allows workers only from self and blob:', () => {
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('keeps styles and fonts to the bundle (plus two pinned hashes, never unsafe-inline)', () => {
    const styles = csp.get('style-src') ?? [];
    expect(styles[0]).toBe("'self'");
    expect(styles.slice(1)).toHaveLength(2);
    for (const source of styles.slice(1)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
    expect(csp.get('font-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, <base>, framing and form posts', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('has no wildcard source anywhere', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) expect(source, name).not.toMatch(/\*|^https?:$|^wss?:$/);
    }
  });

  it('refuses a core origin that is not a bare http origin (no directive injection)', () => {
    expect(() => contentSecurityPolicy("http://127.0.0.1:1; script-src 'unsafe-eval'")).toThrow();
    expect(() => contentSecurityPolicy('https://127.0.0.1:1')).toThrow();
    expect(() => contentSecurityPolicy('http://127.0.0.1:1/path')).toThrow();
    expect(() => contentSecurityPolicy('http://u:p@127.0.0.1:1')).toThrow();
    expect(() => contentSecurityPolicy('garbage')).toThrow();
  });

  it('accepts the origin with or without a trailing slash', () => {
    expect(contentSecurityPolicy(`${CORE}/`)).toBe(contentSecurityPolicy(CORE));
  });
});

describe('shell and core agree on the app origin', () => {
  it('the origin the shell loads pages from is the one the core accepts on its socket', () => {
    expect(APP_ORIGIN).toBe(ELECTRON_APP_ORIGIN);
  });
});
