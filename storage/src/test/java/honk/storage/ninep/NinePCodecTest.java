package honk.storage.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The wire format: what the encoder writes, and every way the decoder refuses a reply that breaks
 * the protocol.
 */
@Timeout(30)
class NinePCodecTest {
    private static ByteBuffer bytes(int... b) {
        var buf = ByteBuffer.allocate(b.length);
        for (int x : b) {
            buf.put((byte) x);
        }
        return buf.flip();
    }

    @Test
    void theEncoderWritesLittleEndianFieldsAndTheSize() {
        ByteBuffer m =
                new NinePEncoder(NinePWire.TWALK, 0x0102, 64)
                        .u32(7)
                        .u32(8)
                        .u16(1)
                        .str("ab")
                        .finish();
        assertEquals(
                bytes(21, 0, 0, 0, 110, 2, 1, 7, 0, 0, 0, 8, 0, 0, 0, 1, 0, 2, 0, 'a', 'b'), m);
    }

    @Test
    void theEncoderRefusesAMessageLargerThanTheMsize() {
        var e = new NinePEncoder(NinePWire.TWRITE, 1, 32).u32(1).u64(0);
        var refused =
                assertThrows(IllegalArgumentException.class, () -> e.data(new byte[100], 0, 100));
        assertEquals("Twrite does not fit in 32 bytes (msize)", refused.getMessage());
    }

    private static ByteBuffer rclunk(int tag) {
        return new NinePEncoder(NinePWire.TCLUNK + 1, tag, 16).finish();
    }

    @Test
    void aWellFormedReplyOpens() throws Exception {
        NinePDecoder.open(rclunk(5), NinePWire.TCLUNK + 1, 5).end();
    }

    @Test
    void aShortReplyIsRefused() {
        var e =
                assertThrows(
                        NinePProtocolException.class,
                        () -> NinePDecoder.open(bytes(7, 0, 0), NinePWire.TCLUNK + 1, 5));
        assertEquals(
                "9P: a reply of 3 bytes is shorter than a 9P header (7) where Rclunk (tag 5) was"
                        + " due",
                e.getMessage());
    }

    @Test
    void aSizeFieldThatDisagreesWithTheLengthIsRefused() {
        ByteBuffer r = rclunk(5);
        r.putInt(0, 4000);
        assertTrue(
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePDecoder.open(r, NinePWire.TCLUNK + 1, 5))
                        .getMessage()
                        .contains("size field says 4000 bytes but it has 7"));
        r.putInt(0, -1);
        assertTrue(
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePDecoder.open(r, NinePWire.TCLUNK + 1, 5))
                        .getMessage()
                        .contains("size field says 4294967295 bytes"));
    }

    @Test
    void aReplyWithAnotherTagIsRefused() {
        var e =
                assertThrows(
                        NinePProtocolException.class,
                        () -> NinePDecoder.open(rclunk(6), NinePWire.TCLUNK + 1, 5));
        assertEquals(
                "9P: a reply with tag 6 (Rclunk) came where Rclunk (tag 5) was due",
                e.getMessage());
    }

    @Test
    void aReplyOfAnotherOrAnUnknownTypeIsRefused() {
        ByteBuffer unknown = new NinePEncoder(250, 5, 16).finish();
        assertEquals(
                "9P: a reply of type 250 came where Rclunk (tag 5) was due",
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePDecoder.open(unknown, NinePWire.TCLUNK + 1, 5))
                        .getMessage());
        ByteBuffer other = new NinePEncoder(NinePWire.TREAD + 1, 5, 16).finish();
        assertTrue(
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePDecoder.open(other, NinePWire.TCLUNK + 1, 5))
                        .getMessage()
                        .contains("a reply of Rread came"));
    }

    @Test
    void anRlerrorBecomesItsErrno() {
        ByteBuffer r = new NinePEncoder(NinePWire.RLERROR, 5, 16).u32(Errno.ENOENT).finish();
        var e =
                assertThrows(
                        NinePErrorException.class,
                        () -> NinePDecoder.open(r, NinePWire.TWALK + 1, 5));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("Twalk: ENOENT (no such file or directory)", e.getMessage());
        ByteBuffer truncated = new NinePEncoder(NinePWire.RLERROR, 5, 16).u16(2).finish();
        assertThrows(
                NinePProtocolException.class,
                () -> NinePDecoder.open(truncated, NinePWire.TWALK + 1, 5));
    }

    @Test
    void fieldsPastTheEndAndBytesLeftOverAreRefused() throws Exception {
        ByteBuffer r = new NinePEncoder(NinePWire.TREAD + 1, 1, 64).u32(100).u8(1).u8(2).finish();
        NinePDecoder d = NinePDecoder.open(r, NinePWire.TREAD + 1, 1);
        assertEquals(
                "9P: Rread (tag 1): count 100 is more than the 50 bytes asked for",
                assertThrows(NinePProtocolException.class, () -> d.data(50)).getMessage());
        NinePDecoder d2 = NinePDecoder.open(r.rewind(), NinePWire.TREAD + 1, 1);
        assertEquals(
                "9P: Rread (tag 1): a count of 100 needs 100 bytes but 2 are left in the message",
                assertThrows(NinePProtocolException.class, () -> d2.data(1000)).getMessage());
        ByteBuffer s =
                new NinePEncoder(NinePWire.TVERSION + 1, 1, 64).u32(8192).u16(300).u8('x').finish();
        NinePDecoder d3 = NinePDecoder.open(s, NinePWire.TVERSION + 1, 1);
        d3.u32();
        assertThrows(NinePProtocolException.class, d3::str);
        ByteBuffer extra = new NinePEncoder(NinePWire.TCLUNK + 1, 1, 64).u8(0).finish();
        assertEquals(
                "9P: Rclunk (tag 1): 1 bytes left over after the last field",
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePDecoder.open(extra, NinePWire.TCLUNK + 1, 1).end())
                        .getMessage());
        ByteBuffer bad =
                new NinePEncoder(NinePWire.TVERSION + 1, 1, 64)
                        .u32(8192)
                        .u16(2)
                        .u8(0xC3)
                        .u8(0x28)
                        .finish();
        NinePDecoder d4 = NinePDecoder.open(bad, NinePWire.TVERSION + 1, 1);
        d4.u32();
        assertEquals(
                "9P: Rversion (tag 1): a string that is not valid UTF-8",
                assertThrows(NinePProtocolException.class, d4::str).getMessage());
    }

    @Test
    void theClientRefusesAnRwalkWithMoreQidsThanNames() throws Exception {
        NinePClient c =
                ScriptedTransport.client(t ->
                        ScriptedTransport.reply(
                                t,
                                NinePWire.TWALK + 1,
                                e ->
                                        ScriptedTransport.qid(
                                                ScriptedTransport.qid(e.u16(2), 0, 2), 0, 3)));
        var e = assertThrows(NinePProtocolException.class, () -> c.walk(c.root(), List.of("a")));
        assertEquals("9P: Rwalk: 2 qids for a walk of 1 names", e.getMessage());
        assertEquals(1, c.openFids(), "the new fid was never made, so it is simply forgotten");
    }

    @Test
    void aLongWalkGoesOutInBatchesOfSixteen() throws Exception {
        var walks = new ArrayList<Integer>();
        Function<ByteBuffer, ByteBuffer> server =
                t -> {
                    if (ScriptedTransport.type(t) == NinePWire.TCLUNK) {
                        return ScriptedTransport.reply(t, NinePWire.TCLUNK + 1, e -> {});
                    }
                    int n = t.order(ByteOrder.LITTLE_ENDIAN).getShort(t.position() + 15) & 0xFFFF;
                    walks.add(n);
                    return ScriptedTransport.reply(
                            t,
                            NinePWire.TWALK + 1,
                            e -> {
                                e.u16(n);
                                for (int i = 0; i < n; i++) {
                                    ScriptedTransport.qid(e, Qid.QTDIR, 10 + i);
                                }
                            });
                };
        NinePClient c = ScriptedTransport.client(server);
        var names = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            names.add("d" + i);
        }
        try (Fid f = c.walk(c.root(), names)) {
            assertEquals(List.of(16, 16, 8), walks);
            assertEquals(2, c.openFids());
        }
        walks.clear();
        c.walk(c.root(), List.of()).close();
        assertEquals(List.of(0), walks, "a clone is one walk of no names");
    }

    @Test
    void theVersionMustBeNinePTwoThousandLAndTheMsizeNoLargerThanOffered() {
        Function<Integer, NinePTransport> server =
                msize ->
                        new NinePTransport() {
                            public int maxMessageSize() {
                                return 8192;
                            }

                            public java.util.concurrent.CompletionStage<ByteBuffer> exchange(
                                    ByteBuffer t) {
                                return java.util.concurrent.CompletableFuture.completedFuture(
                                        ScriptedTransport.reply(
                                                t,
                                                NinePWire.TVERSION + 1,
                                                e ->
                                                        e.u32(msize)
                                                                .str(
                                                                        msize == 0
                                                                                ? "9P2000.u"
                                                                                : NinePWire
                                                                                        .VERSION)));
                            }

                            public void close() {}
                        };
        assertEquals(
                "9P: the server chose msize 65536, outside 4096..8192 (what was offered)",
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePClient.connect(server.apply(65536), "u", 0, 0, "/"))
                        .getMessage());
        assertEquals(
                "9P: the server speaks '9P2000.u', not 9P2000.L",
                assertThrows(
                                NinePProtocolException.class,
                                () -> NinePClient.connect(server.apply(0), "u", 0, 0, "/"))
                        .getMessage());
    }

    @Test
    void aReaddirReplyIsParsedIntoEntries() throws Exception {
        NinePClient c =
                ScriptedTransport.client(t ->
                        ScriptedTransport.reply(
                                t,
                                NinePWire.TREADDIR + 1,
                                e -> {
                                    var inner = new NinePEncoder(0, 0, 256);
                                    ScriptedTransport.qid(inner, Qid.QTDIR, 5)
                                            .u64(1)
                                            .u8(NinePDirEntry.DT_DIR)
                                            .str("sub");
                                    ScriptedTransport.qid(inner, 0, 6)
                                            .u64(2)
                                            .u8(NinePDirEntry.DT_REG)
                                            .str("file");
                                    ByteBuffer b = inner.finish().position(NinePWire.HEADER);
                                    byte[] data = new byte[b.remaining()];
                                    b.get(data);
                                    e.data(data, 0, data.length);
                                }));
        List<NinePDirEntry> entries = c.readdir(c.root(), 0);
        assertEquals(
                List.of(
                        new NinePDirEntry(new Qid(Qid.QTDIR, 1, 5), 1, 4, "sub"),
                        new NinePDirEntry(new Qid(0, 1, 6), 2, 8, "file")),
                entries);
        assertArrayEquals(
                new boolean[] {true, false},
                new boolean[] {entries.get(0).isDirectory(), entries.get(1).isDirectory()});
    }
}
