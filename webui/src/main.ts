// The page's entry: one page with three views (chat, playground, tasks), chosen by the path.
import { getJson } from './api';
import { startChat } from './chat';
import { startPlayground } from './playground';
import { startTasks } from './tasks';

const PAGES = ['chat', 'playground', 'tasks'];

function show(page: string): void {
    for (const p of PAGES) {
        (document.getElementById(`page-${p}`) as HTMLElement).hidden = p !== page;
        document.querySelector(`nav a[data-page="${p}"]`)?.classList.toggle('active', p === page);
    }
}

function pageOf(path: string): string {
    const p = path.slice(path.lastIndexOf('/') + 1); // the last segment: the page may sit under a proxy prefix
    return PAGES.includes(p) ? p : 'chat';
}

document.addEventListener('DOMContentLoaded', () => {
    const nonce = document.querySelector('meta[name="pyassist-style-nonce"]')?.getAttribute('content') ?? '';
    for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a'))) {
        a.addEventListener('click', (e) => {
            e.preventDefault();
            history.pushState(null, '', a.getAttribute('href'));
            show(pageOf(location.pathname));
        });
    }
    window.addEventListener('popstate', () => show(pageOf(location.pathname)));
    show(pageOf(location.pathname));
    startChat();
    startPlayground(nonce);
    startTasks();
    getJson<{ backends: Record<string, string>; validator: string }>('/api/status').then((s) => {
        const ask = s.backends.ask ?? 'no backend';
        (document.getElementById('status') as HTMLElement).textContent = `ask: ${ask} · validator: ${s.validator}`;
    }, () => undefined);
});
