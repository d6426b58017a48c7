// The chat page: the list of past conversations, the turns of the open one, and the composer (attachments,
// @path, the beginner switch). Answers stream in as server-sent events and are rendered as Markdown when done.
import { getJson, postEvents, postJson, upload } from './api';
import { renderMarkdown } from './markdown';
import { embedding } from './embed';

interface Turn {
    id: string;
    question: string;
    answer: string;
    route: string | null;
    contextFiles: string[];
    backend: string | null;
    model: string | null;
    rating: string | null;
    comment: string | null;
    ok: boolean;
}

interface Conversation { id: string; title: string; turns: number }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let current: string | null = null;
let attachments: { id: string; name: string }[] = [];

export function startChat(): void {
    $('composer').addEventListener('submit', (e) => { e.preventDefault(); void send(); });
    $<HTMLTextAreaElement>('message').addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
        }
    });
    $('new-chat').addEventListener('click', () => {
        current = null;
        localStorage.removeItem('pyassist.conversation');
        $('turns').replaceChildren();
        void listConversations();
    });
    $<HTMLInputElement>('files').addEventListener('change', async (e) => {
        const input = e.target as HTMLInputElement;
        for (const f of Array.from(input.files ?? [])) {
            try {
                attachments.push(await upload(f));
            } catch (err) {
                notice(`${f.name}: ${(err as Error).message}`);
            }
        }
        input.value = '';
        showAttached();
    });
    const saved = localStorage.getItem('pyassist.conversation');
    void listConversations().then(() => { if (saved) { void open(saved); } });
    embedding.onAsk((question) => {
        $<HTMLTextAreaElement>('message').value = question;
        void send();
    });
    embedding.onOpen((conversation) => void open(conversation));
    embedding.onEdited((ok, message) => notice(`Editor: ${message}`, ok));
    embedding.ready();
}

function showAttached(): void {
    const box = $('attached');
    box.replaceChildren(...attachments.map((a, i) => {
        const chip = document.createElement('span');
        chip.className = 'chip';
        chip.textContent = a.name;
        const x = document.createElement('button');
        x.type = 'button';
        x.textContent = '×';
        x.title = `Remove ${a.name}`;
        x.addEventListener('click', () => { attachments.splice(i, 1); showAttached(); });
        chip.appendChild(x);
        return chip;
    }));
}

async function listConversations(): Promise<void> {
    const { conversations } = await getJson<{ conversations: Conversation[] }>('/api/conversations');
    $('conversations').replaceChildren(...conversations.map((c) => {
        const li = document.createElement('li');
        const a = document.createElement('button');
        a.type = 'button';
        a.className = c.id === current ? 'conversation-link active' : 'conversation-link';
        a.textContent = c.title;
        a.title = `${c.turns} turn(s)`;
        a.addEventListener('click', () => void open(c.id));
        li.appendChild(a);
        return li;
    }));
}

async function open(id: string): Promise<void> {
    try {
        const { turns } = await getJson<{ turns: Turn[] }>(`/api/conversations/${encodeURIComponent(id)}`);
        current = id;
        localStorage.setItem('pyassist.conversation', id);
        $('turns').replaceChildren(...turns.flatMap((t) => [question(t.question), answerView(t)]));
        void listConversations();
    } catch {
        localStorage.removeItem('pyassist.conversation');
    }
}

function question(text: string): HTMLElement {
    const q = document.createElement('div');
    q.className = 'turn question';
    q.textContent = text;
    return q;
}

function answerView(t: Turn): HTMLElement {
    const box = document.createElement('div');
    box.className = t.ok ? 'turn answer' : 'turn answer failed';
    box.dataset.answerId = t.id;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const route = document.createElement('span');
    route.className = 'route';
    route.textContent = [t.route, t.model ? `${t.backend}:${t.model}` : null].filter((p) => p).join(' · ');
    meta.appendChild(route);
    box.appendChild(meta);
    box.appendChild(renderMarkdown(t.answer ?? '', embedding.available
        ? { insert: (code) => embedding.insert(code), applyDiff: (code) => embedding.applyDiff(code) } : {}));
    if (t.contextFiles.length) {
        const ctx = document.createElement('div');
        ctx.className = 'context';
        ctx.textContent = 'Context: ';
        for (const f of t.contextFiles) {
            const chip = document.createElement('span');
            chip.className = 'chip context-file';
            chip.textContent = f;
            ctx.appendChild(chip);
        }
        box.appendChild(ctx);
    }
    box.appendChild(feedback(t));
    return box;
}

function feedback(t: Turn): HTMLElement {
    const row = document.createElement('div');
    row.className = 'feedback';
    const comment = document.createElement('input');
    comment.type = 'text';
    comment.className = 'comment';
    comment.placeholder = 'Comment (optional)';
    comment.value = t.comment ?? '';
    const state = document.createElement('span');
    state.className = 'muted rated';
    const rate = (rating: 'up' | 'down') => async () => {
        try {
            await postJson('/api/feedback', { id: t.id, rating, comment: comment.value });
            t.rating = rating;
            paint();
            state.textContent = 'Thanks, saved on this machine.';
        } catch (e) {
            state.textContent = (e as Error).message;
        }
    };
    const up = button('👍', 'Good answer', rate('up'));
    const down = button('👎', 'Bad answer', rate('down'));
    up.classList.add('rate-up');
    down.classList.add('rate-down');
    const paint = () => {
        up.classList.toggle('chosen', t.rating === 'up');
        down.classList.toggle('chosen', t.rating === 'down');
    };
    paint();
    row.append(up, down, comment, state);
    return row;
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
}

function notice(text: string, ok = false): void {
    const n = document.createElement('div');
    n.className = ok ? 'turn notice ok' : 'turn notice';
    n.textContent = text;
    $('turns').appendChild(n);
}

async function send(): Promise<void> {
    const box = $<HTMLTextAreaElement>('message');
    const message = box.value.trim();
    if (!message) {
        return;
    }
    const paths = Array.from(message.matchAll(/(?:^|\s)@([\w./-]+\.\w+)/g), (m) => m[1]);
    const turns = $('turns');
    turns.appendChild(question(message));
    const pending = document.createElement('div');
    pending.className = 'turn answer pending';
    const live = document.createElement('pre');
    live.className = 'streaming';
    const progress = document.createElement('div');
    progress.className = 'meta';
    pending.append(progress, live);
    turns.appendChild(pending);
    box.value = '';
    $<HTMLButtonElement>('send').disabled = true;
    const sent = attachments;
    attachments = [];
    showAttached();
    try {
        await postEvents('/api/chat', {
            conversation: current,
            message,
            attachments: sent.map((a) => a.id),
            paths,
            beginner: $<HTMLInputElement>('beginner').checked,
        }, (event, data) => {
            if (event === 'conversation') {
                current = data.id;
                localStorage.setItem('pyassist.conversation', data.id);
            } else if (event === 'progress') {
                progress.textContent = data.message;
            } else if (event === 'delta') {
                live.textContent += data.text;
            } else if (event === 'route') {
                progress.textContent = data.route;
            } else if (event === 'done') {
                pending.replaceWith(answerView(data));
            } else if (event === 'error') {
                pending.className = 'turn answer failed';
                progress.textContent = data.message;
            }
        });
    } catch (e) {
        pending.className = 'turn answer failed';
        progress.textContent = (e as Error).message;
    } finally {
        $<HTMLButtonElement>('send').disabled = false;
        void listConversations();
    }
}
