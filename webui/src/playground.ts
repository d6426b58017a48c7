// The validator playground: a CodeMirror 6 editor whose lint source is the server's own pipeline (syntax,
// names, flow, validator), with the editor's quick fixes (names, flow, the validator's repairs), and a verdict per
// function.
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { postJson } from './api';

interface ServerDiagnostic {
    from: number;
    to: number;
    severity: 'error' | 'warning' | 'info';
    message: string;
    code: string;
    fixes: { title: string; edits: { from: number; to: number; insert: string }[] }[];
}

interface Verdict { name: string; from: number; verdict: string; confidence?: number; detail: string }

const SAMPLE = `def mean(values):
    total = 0
    for v in values:
        total += v
    return total / len(values)
`;

export function startPlayground(nonce: string): void {
    const state = document.getElementById('playground-state') as HTMLElement;
    const verdicts = document.getElementById('verdicts') as HTMLElement;
    const source = async (view: EditorView): Promise<Diagnostic[]> => {
        const code = view.state.doc.toString();
        let result: { diagnostics: ServerDiagnostic[]; functions: Verdict[]; validator: string };
        try {
            result = await postJson('/api/check', { code });
        } catch (e) {
            state.textContent = (e as Error).message;
            return [];
        }
        if (view.state.doc.toString() !== code) {
            return []; // a newer edit will be checked
        }
        state.textContent = `validator: ${result.validator}`;
        showVerdicts(verdicts, result.functions, view);
        const length = view.state.doc.length;
        return result.diagnostics.map((d) => ({
            from: Math.min(d.from, length),
            to: Math.min(Math.max(d.to, d.from), length),
            severity: d.severity,
            source: d.code,
            message: d.message,
            actions: d.fixes.map((f) => ({
                name: f.title,
                // one change set, in the checked text's offsets: after another edit, the next check brings new fixes
                apply: (v: EditorView) => { if (v.state.doc.toString() === code) { v.dispatch({ changes: f.edits }); } },
            })),
        }));
    };
    const view = new EditorView({
        parent: document.getElementById('editor') as HTMLElement,
        state: EditorState.create({
            doc: localStorage.getItem('pyassist.playground') ?? SAMPLE,
            extensions: [
                EditorView.cspNonce.of(nonce),
                lineNumbers(),
                highlightActiveLine(),
                history(),
                keymap.of([...defaultKeymap, ...historyKeymap]),
                python(),
                syntaxHighlighting(defaultHighlightStyle),
                lintGutter(),
                linter(source, { delay: 400 }),
                EditorView.updateListener.of((u) => {
                    if (u.docChanged) {
                        localStorage.setItem('pyassist.playground', u.state.doc.toString());
                    }
                }),
            ],
        }),
    });
    (window as any).pyassistPlayground = view; // the browser test types through it
    const file = document.getElementById('playground-file') as HTMLInputElement;
    file.addEventListener('change', async () => {
        const f = file.files?.[0];
        if (f) {
            view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: await f.text() } });
        }
        file.value = '';
    });
}

function showVerdicts(list: HTMLElement, functions: Verdict[], view: EditorView): void {
    list.replaceChildren(...functions.map((f) => {
        const li = document.createElement('li');
        li.className = f.verdict === 'looks wrong' ? 'verdict wrong' : f.verdict === 'looks correct' ? 'verdict ok' : 'verdict';
        const name = document.createElement('button');
        name.type = 'button';
        name.textContent = f.name;
        name.addEventListener('click', () => view.dispatch({ selection: { anchor: f.from }, scrollIntoView: true }));
        const v = document.createElement('strong');
        v.textContent = f.verdict;
        const d = document.createElement('span');
        d.className = 'muted';
        d.textContent = ` (${f.detail})`;
        li.append(name, ': ', v, d);
        return li;
    }));
}
