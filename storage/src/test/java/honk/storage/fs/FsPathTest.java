package honk.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.InvalidPathException;
import java.util.List;

/** The path rules: normalised from the root, and every malformed path refused with its reason. */
@Timeout(10)
class FsPathTest {
    private static String reason(String path) {
        return assertThrows(InvalidPathException.class, () -> FsPath.parse(path)).getReason();
    }

    @Test
    void pathsAreTakenFromTheRootWithOneTrailingSlashDropped() {
        assertEquals("/", FsPath.parse("/").toString());
        assertEquals("/etc/motd", FsPath.parse("etc/motd").toString());
        assertEquals("/etc", FsPath.parse("/etc/").toString());
        assertEquals(List.of("etc", "motd"), FsPath.parse("/etc/motd").segments());
        assertEquals("etc/motd", FsPath.parse("/etc/motd").relative());
        assertEquals("", FsPath.ROOT.relative());
        assertEquals(FsPath.parse("/a/b"), FsPath.parse("a/b/"));
        assertEquals("/naïve/日本/🦆", FsPath.parse("/naïve/日本/🦆").toString());
    }

    @Test
    void emptySegmentsDotsAndControlCharactersAreRefusedWithTheReason() {
        assertEquals("empty path (the root is /)", reason(""));
        assertEquals("empty segment (a doubled '/')", reason("//"));
        assertEquals("empty segment (a doubled '/')", reason("/a//b"));
        assertEquals("empty segment (a doubled '/')", reason("/a//"));
        assertEquals(
                "'..' segment; name a file by its plain path from /", reason("/home/../etc/motd"));
        assertEquals("'.' segment; name a file by its plain path from /", reason("./x"));
        assertEquals("NUL character at index 2", reason("/a\0b"));
        assertEquals("control character U+000A at index 2", reason("/a\nb"));
        assertEquals("not valid Unicode (a lone surrogate at index 1)", reason("/\uD800x"));
        assertEquals("a name of 256 bytes, over the limit of 255", reason("/" + "n".repeat(256)));
        String deep = ("/" + "d".repeat(200)).repeat(5) + "/x";
        assertEquals("1007 bytes of UTF-8, over the limit of 1000", reason(deep));
    }

    @Test
    void aNulIsShownEscapedInTheRefusal() {
        var e = assertThrows(InvalidPathException.class, () -> FsPath.parse("/a\0b"));
        assertEquals("/a\\x00b", e.getInput());
    }

    @Test
    void ancestorsParentsAndScopesFollowWholeNames() {
        FsPath p = FsPath.parse("/a/b/c");
        assertEquals(List.of(FsPath.parse("/a"), FsPath.parse("/a/b")), p.ancestors());
        assertEquals(FsPath.parse("/a/b"), p.parent());
        assertEquals(FsPath.ROOT, FsPath.parse("/a").parent());
        assertEquals("c", p.name());
        assertEquals("/", FsPath.ROOT.name());
        assertTrue(p.isWithin(FsPath.parse("/a")));
        assertTrue(p.isWithin(p));
        assertTrue(p.isWithin(FsPath.ROOT));
        assertFalse(FsPath.parse("/homer").isWithin(FsPath.parse("/home")));
        assertFalse(FsPath.parse("/a").isWithin(p));
        assertEquals(FsPath.parse("/a/b/c/d"), p.resolve("d"));
        assertEquals(FsPath.parse("/x"), FsPath.ROOT.resolve("x"));
        assertThrows(InvalidPathException.class, () -> p.resolve(".."));
    }
}
