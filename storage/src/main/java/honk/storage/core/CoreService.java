package honk.storage.core;

import java.util.concurrent.CompletionStage;

/**
 * The booted core as the kernel's registry holds it. {@code image} completes with the verified
 * image of the selected slot, or fails (closed) with the reason no slot could be trusted; the
 * filesystem's {@code core} mount reads through it. {@code report} completes once the boot has
 * decided, either way, with what it found ({@link CoreReport}); it fails only when there was no
 * device to look at.
 */
public record CoreService(CompletionStage<CoreImage> image, CompletionStage<CoreReport> report) {
    /**
     * A core known only by its image (tests, and a board without a disk): the report says just
     * that.
     */
    public CoreService(CompletionStage<CoreImage> image) {
        this(
                image,
                image.handle((i, failure) ->
                        failure == null
                                ? new CoreReport(i.describe(), java.util.List.of(), 0, 0)
                                : new CoreReport(
                                        "none: " + failure.getMessage(),
                                        java.util.List.of(),
                                        0,
                                        0)));
    }
}
