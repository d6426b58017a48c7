// The task pages: summarize, translate (with the pre-check and compile check) and generate, on pasted or
// uploaded code.
import { postJson, upload } from './api';
import { renderMarkdown } from './markdown';

export function startTasks(): void {
    const task = document.getElementById('task') as HTMLSelectElement;
    const languageLabel = document.getElementById('language-label') as HTMLElement;
    const request = document.getElementById('request') as HTMLInputElement;
    const code = document.getElementById('task-code') as HTMLTextAreaElement;
    const result = document.getElementById('task-result') as HTMLElement;
    const file = document.getElementById('task-file') as HTMLInputElement;
    let uploaded: { id: string; name: string } | null = null;
    const shape = () => {
        languageLabel.hidden = task.value !== 'translate';
        request.hidden = task.value !== 'generate';
    };
    task.addEventListener('change', shape);
    shape();
    file.addEventListener('change', async () => {
        const f = file.files?.[0];
        if (f) {
            code.value = await f.text();
            uploaded = await upload(f);
        }
        file.value = '';
    });
    code.addEventListener('input', () => { uploaded = null; });
    (document.getElementById('task-form') as HTMLFormElement).addEventListener('submit', async (e) => {
        e.preventDefault();
        result.replaceChildren(document.createTextNode('Working…'));
        try {
            const r = await postJson<{ ok: boolean; message: string; text?: string; result?: string }>('/api/task', {
                task: task.value,
                language: (document.getElementById('language') as HTMLSelectElement).value,
                request: request.value,
                code: uploaded ? '' : code.value,
                upload: uploaded?.id,
            });
            const lang = task.value === 'translate' ? (document.getElementById('language') as HTMLSelectElement).value : 'python';
            const shown = r.result ?? r.text;
            result.replaceChildren(renderMarkdown(r.message + (shown && r.ok ? `\n\n\`\`\`${lang}\n${shown}\n\`\`\`` : '')));
            result.className = r.ok ? 'task-result' : 'task-result failed';
        } catch (err) {
            result.textContent = (err as Error).message;
        }
    });
}
