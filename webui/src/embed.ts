// When the page runs inside an editor (VS Code's webview frames it), the editor's side talks to it with
// postMessage: "pyassist.insert" asks the editor to insert a code block at its cursor, "pyassist.applyDiff" to put
// it in place of the selection (or the function at the cursor) as a previewed diff; the editor sends "ask" with a
// question to put in the chat, and "open" with a conversation to show (an editor's ask answered there). The editor
// answers an insert with "edited" ({ok, message}). Outside an editor nothing here is used.
type AskHandler = (question: string) => void;
type OpenHandler = (conversation: string) => void;
type EditedHandler = (ok: boolean, message: string) => void;

const framed = window.parent !== window;
const askHandlers: AskHandler[] = [];
const openHandlers: OpenHandler[] = [];
const editedHandlers: EditedHandler[] = [];

window.addEventListener('message', (e: MessageEvent) => {
    // only the frame's own parent may talk to the page
    if (!framed || e.source !== window.parent) {
        return;
    }
    const data = e.data as { type?: string; question?: string; conversation?: string; ok?: boolean; message?: string };
    if (data?.type === 'ask' && typeof data.question === 'string') {
        askHandlers.forEach((h) => h(data.question as string));
    } else if (data?.type === 'open' && typeof data.conversation === 'string') {
        openHandlers.forEach((h) => h(data.conversation as string));
    } else if (data?.type === 'edited') {
        editedHandlers.forEach((h) => h(data.ok === true, typeof data.message === 'string' ? data.message : ''));
    }
});

export const embedding = {
    available: framed,
    insert(code: string): void {
        window.parent.postMessage({ type: 'pyassist.insert', code }, '*');
    },
    applyDiff(code: string): void {
        window.parent.postMessage({ type: 'pyassist.applyDiff', code }, '*');
    },
    /** Tells the editor the page listens now: it may send what it held back (a question asked meanwhile). */
    ready(): void {
        if (framed) {
            window.parent.postMessage({ type: 'pyassist.ready' }, '*');
        }
    },
    onAsk(handler: AskHandler): void {
        askHandlers.push(handler);
    },
    onOpen(handler: OpenHandler): void {
        openHandlers.push(handler);
    },
    onEdited(handler: EditedHandler): void {
        editedHandlers.push(handler);
    },
};
