package dev.pyassist.lsp;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The repair quick fix on examples/clamp.py through the whole server, with a rigged format-2 artifact (lookup
 * tables that flag {@code >=} and name {@code <}; {@code validator/rigged2/make_rigged.py}): the same test
 * {@link BundledValidatorTest} runs on the shipped model once it is format 2, here independent of training.
 */
class ClampRepairMechanicsTest {
    @Test
    void theRepairHeadsTokenFixesClampThroughTheServer() throws Exception {
        Path rigged = Path.of(ClampRepairMechanicsTest.class.getResource("/validator/rigged2/validator.json").toURI())
                .getParent();
        BundledValidatorTest.clampQuickFixIsCorrect(rigged);
    }
}
