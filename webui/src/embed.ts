// When the page runs inside an editor (VS Code's webview frames it), the editor's side talks to it with
// postMessage: "insert" asks the editor to insert a code block at its cursor, and the editor sends "ask" with a
// question to put in the chat. Outside an editor nothing here is used.
type AskHandler = (question: string) => void;

const framed = window.parent !== window;
const askHandlers: AskHandler[] = [];

window.addEventListener('message', (e: MessageEvent) => {
    // only the frame's own parent may talk to the page
    if (!framed || e.source !== window.parent) {
        return;
    }
    const data = e.data as { type?: string; question?: string };
    if (data?.type === 'ask' && typeof data.question === 'string') {
        askHandlers.forEach((h) => h(data.question as string));
    }
});

export const embedding = {
    available: framed,
    insert(code: string): void {
        window.parent.postMessage({ type: 'pyassist.insert', code }, '*');
    },
    onAsk(handler: AskHandler): void {
        askHandlers.push(handler);
    },
};
