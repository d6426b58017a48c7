package dev.pyassist.lsp;

import dev.pyassist.lsp.assist.AssistFeature;
import dev.pyassist.lsp.complete.CompletionFeature;
import dev.pyassist.lsp.validator.ValidatorSupport;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;

/**
 * The parts of a server that neither {@code initialize} nor the first diagnostics need, as the injector resolves
 * them ({@link LspModule}): the validator, the AI actions with their workspace index and web UI, inline completion,
 * and the code actions (the AI ones among them). The core reaches them through {@link LateFeatures}.
 */
public record Features(AssistFeature assist, ValidatorSupport validator, ValidatorLayer validatorLayer,
        ValidatorService validatorService, CompletionFeature completion, CodeActionsFeature codeActions) {
}
