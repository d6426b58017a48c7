import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askArgument, type EditorTarget, messageToShow, rateArgument, resultMessage, ServerCommand, serverOffers, targetArgument, TRANSLATE_LANGUAGES } from '../src/protocol';

const at = (line: number, character: number) => ({ line, character });
const caret: EditorTarget = { uri: 'file:///w/a.py', selection: { start: at(3, 4), end: at(3, 4) }, cursor: at(3, 4) };
const selection: EditorTarget = { uri: 'file:///w/a.py', selection: { start: at(1, 0), end: at(5, 2) }, cursor: at(5, 2) };

describe('command arguments (DESIGN.md)', () => {
    it('send the cursor position, without a range, for an empty selection', () => {
        assert.deepEqual(targetArgument(caret), { uri: 'file:///w/a.py', position: at(3, 4) });
    });

    it('send the selection range (and the cursor) for a selection', () => {
        assert.deepEqual(targetArgument(selection), { uri: 'file:///w/a.py', range: { start: at(1, 0), end: at(5, 2) }, position: at(5, 2) });
    });

    it('ask carries the question, with the editor target when there is one', () => {
        assert.deepEqual(askArgument('what does it do?', undefined), { question: 'what does it do?' });
        assert.deepEqual(askArgument('explain', caret), { uri: 'file:///w/a.py', position: at(3, 4), question: 'explain' });
    });

    it('rate carries up or down and a comment only when one was typed', () => {
        assert.deepEqual(rateArgument('up', ''), { rating: 'up' });
        assert.deepEqual(rateArgument('down', '  wrong language  '), { rating: 'down', comment: 'wrong language' });
    });

    it('translate offers the four languages by their protocol ids', () => {
        assert.deepEqual(TRANSLATE_LANGUAGES.map((l) => l.id), ['java', 'cpp', 'javascript', 'go']);
    });

    it('use the server command ids of DESIGN.md', () => {
        assert.deepEqual(Object.values(ServerCommand), ['pyassist.summarize', 'pyassist.translate', 'pyassist.generate', 'pyassist.ask', 'pyassist.rate']);
    });
});

describe('serverOffers', () => {
    it('is true only for commands in executeCommandProvider', () => {
        assert.equal(serverOffers({ executeCommandProvider: { commands: ['pyassist.summarize'] } }, 'pyassist.summarize'), true);
        assert.equal(serverOffers({ executeCommandProvider: { commands: ['pyassist.summarize'] } }, 'pyassist.ask'), false);
        assert.equal(serverOffers({}, 'pyassist.ask'), false);
        assert.equal(serverOffers(undefined, 'pyassist.ask'), false);
    });
});

describe('resultMessage', () => {
    it('shows a string or an object\'s message, and nothing else', () => {
        assert.equal(resultMessage('A summary.'), 'A summary.');
        assert.equal(resultMessage({ message: 'Translated to a.java' }), 'Translated to a.java');
        assert.equal(resultMessage(null), undefined);
        assert.equal(resultMessage({ applied: true }), undefined);
        assert.equal(resultMessage('  '), undefined);
    });
});

describe('messageToShow', () => {
    it('leaves delivered results to the server, which shows them itself (no second notification)', () => {
        assert.equal(messageToShow({ task: 'summarize', ok: true, message: 'Wrote the docstring of function greet' }), undefined);
    });

    it('leaves refusals, failures and cancellations to the server too (it shows every outcome once)', () => {
        assert.equal(messageToShow({ task: 'summarize', ok: false, message: 'The AI actions are turned off (pyassist.assist.enabled).' }),
            undefined);
        assert.equal(messageToShow({ task: 'summarize', ok: false, message: 'cancelled' }), undefined);
        assert.equal(messageToShow({ task: 'generate', ok: false, message: 'OpenAI-compatible backend: HTTP 500' }),
            undefined);
    });

    it('shows other results as resultMessage does', () => {
        assert.equal(messageToShow('A summary.'), 'A summary.');
        assert.equal(messageToShow({ message: 'Translated to a.java' }), 'Translated to a.java');
        assert.equal(messageToShow(null), undefined);
    });
});
