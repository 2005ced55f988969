// Reads the demo site's source (demo/site.yaml, demo/articles/*.md) so tests can state what a page
// must show without copying headlines into the tests.
import fs from 'node:fs/promises';
import path from 'node:path';

import { repoRoot } from './helpers.mjs';

const unquote = (s) => {
  s = s.trim();
  if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s);
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replaceAll("''", "'");
  return s;
};

// The front matter's simple `key: value` lines; `[a, b]` lists become arrays.
function frontMatter(text) {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('no front matter');
  const fields = {};
  for (const line of m[1].split('\n')) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const value = kv[2].trim();
    fields[kv[1]] = value.startsWith('[')
      ? value.slice(1, -1).split(',').map(unquote).filter(Boolean)
      : unquote(value);
  }
  return { fields, body: m[2] };
}

export async function demoSite() {
  const yaml = await fs.readFile(path.join(repoRoot, 'demo/site.yaml'), 'utf8');
  const field = (k) => unquote(new RegExp(`^${k}:(.*)$`, 'm').exec(yaml)?.[1] ?? '');
  return { siteName: field('site_name'), shortName: field('short_name'),
    weatherCity: field('weather_city') };
}

export async function demoArticles() {
  const dir = path.join(repoRoot, 'demo/articles');
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  return Promise.all(names.map(async (name) => {
    const { fields, body } = frontMatter(await fs.readFile(path.join(dir, name), 'utf8'));
    return { file: name, ...fields, body, hasReadMore: /^read more\s*:/im.test(body) };
  }));
}
