package honk.storage.core;

import java.util.concurrent.CompletionStage;

/**
 * The booted core as the kernel's registry holds it: completes with the verified image of the
 * selected slot, or fails (closed) with the reason no slot could be trusted. The filesystem's
 * {@code core} mount reads through it.
 */
public record CoreService(CompletionStage<CoreImage> image) {}
