// Markdown to DOM nodes, built with createElement and textContent only (no HTML parsing, so an answer cannot
// inject markup or script). Fenced code blocks are highlighted with Lezer's Python parser and get a copy button
// (and, inside an editor, "Insert at cursor" and "Apply as a diff").
import { highlightCode, classHighlighter } from '@lezer/highlight';
import { parser as pythonParser } from '@lezer/python';

export interface CodeActions {
    insert?: (code: string) => void;
    applyDiff?: (code: string) => void;
}

export function renderMarkdown(text: string, actions: CodeActions = {}): HTMLElement {
    const root = document.createElement('div');
    root.className = 'markdown';
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    let i = 0;
    let paragraph: string[] = [];
    let list: HTMLElement | null = null;
    const flush = () => {
        if (paragraph.length) {
            const p = document.createElement('p');
            inline(p, paragraph.join(' '));
            root.appendChild(p);
            paragraph = [];
        }
    };
    while (i < lines.length) {
        const line = lines[i];
        const fence = /^\s*```\s*([\w+#-]*)\s*$/.exec(line);
        if (fence) {
            flush();
            list = null;
            const body: string[] = [];
            i++;
            while (i < lines.length && !/^\s*```\s*$/.test(lines[i])) {
                body.push(lines[i]);
                i++;
            }
            i++;
            root.appendChild(codeBlock(body.join('\n'), fence[1].toLowerCase(), actions));
            continue;
        }
        const heading = /^(#{1,4})\s+(.*)$/.exec(line);
        const item = /^\s*(?:[-*]|\d+[.)])\s+(.*)$/.exec(line);
        if (heading) {
            flush();
            list = null;
            const h = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
            inline(h, heading[2]);
            root.appendChild(h);
        } else if (item) {
            flush();
            if (!list) {
                list = document.createElement(/^\s*\d/.test(line) ? 'ol' : 'ul');
                root.appendChild(list);
            }
            const li = document.createElement('li');
            inline(li, item[1]);
            list.appendChild(li);
        } else if (line.trim() === '') {
            flush();
            list = null;
        } else {
            list = null;
            paragraph.push(line.trim());
        }
        i++;
    }
    flush();
    return root;
}

/** `code`, **bold** and *emphasis*; everything else is text. */
function inline(parent: HTMLElement, text: string): void {
    const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g;
    let last = 0;
    for (const m of text.matchAll(pattern)) {
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        const token = m[0];
        const el = document.createElement(token.startsWith('`') ? 'code' : token.startsWith('**') ? 'strong' : 'em');
        el.textContent = token.startsWith('**') ? token.slice(2, -2) : token.slice(1, -1);
        parent.appendChild(el);
        last = (m.index ?? 0) + token.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
}

function codeBlock(code: string, language: string, actions: CodeActions): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    const label = document.createElement('span');
    label.textContent = language || 'code';
    bar.appendChild(label);
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.textContent = 'Copy';
    copy.addEventListener('click', async () => {
        await navigator.clipboard.writeText(code).then(() => { copy.textContent = 'Copied'; },
            () => { copy.textContent = 'Copy failed'; });
    });
    bar.appendChild(copy);
    if (actions.insert) {
        const insert = document.createElement('button');
        insert.type = 'button';
        insert.className = 'insert';
        insert.textContent = 'Insert at cursor';
        insert.addEventListener('click', () => actions.insert?.(code));
        bar.appendChild(insert);
    }
    if (actions.applyDiff) {
        const apply = document.createElement('button');
        apply.type = 'button';
        apply.className = 'apply-diff';
        apply.textContent = 'Apply as a diff';
        apply.title = 'Replace the selection (or the function at the cursor) with this code, previewed as a diff';
        apply.addEventListener('click', () => actions.applyDiff?.(code));
        bar.appendChild(apply);
    }
    wrap.appendChild(bar);
    const pre = document.createElement('pre');
    const el = document.createElement('code');
    if (language === '' || language === 'python' || language === 'py') {
        highlightCode(code, pythonParser.parse(code), classHighlighter, (text, classes) => {
            if (classes) {
                const span = document.createElement('span');
                span.className = classes;
                span.textContent = text;
                el.appendChild(span);
            } else {
                el.appendChild(document.createTextNode(text));
            }
        }, () => el.appendChild(document.createTextNode('\n')));
    } else {
        el.textContent = code;
    }
    pre.appendChild(el);
    wrap.appendChild(pre);
    return wrap;
}
