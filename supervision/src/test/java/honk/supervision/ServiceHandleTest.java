package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stable address of a restarting service: forwards while up, holds while down. */
@Timeout(60)
class ServiceHandleTest {

    @Test
    void messagesToldWhileDownAreDeliveredInOrderToTheNextIncarnation() {
        var handle = new ServiceHandle<String>("shell");
        assertFalse(handle.isUp());
        handle.tell("one");
        handle.tell("two");
        var first = TestInbox.<String>create();
        handle.set(first.getRef());
        assertTrue(handle.isUp());
        assertSame(first.getRef(), handle.current());
        first.expectMessage("one");
        first.expectMessage("two");
        handle.tell("three");
        first.expectMessage("three");
        assertFalse(first.hasMessages());
    }

    @Test
    void aSuspendedHandleHoldsUntilTheNextSet() {
        var handle = new ServiceHandle<String>("log");
        var first = TestInbox.<String>create();
        handle.set(first.getRef());
        handle.suspend();
        assertNull(handle.current());
        handle.tell("while down");
        assertFalse(first.hasMessages(), "the old incarnation gets nothing after suspend");
        var second = TestInbox.<String>create();
        handle.set(second.getRef());
        second.expectMessage("while down");
        assertFalse(first.hasMessages());
        assertEquals("log", handle.name());
    }

    @Test
    void pastCapacityTheOldestHeldMessagesAreDroppedAndCounted() {
        var handle = new ServiceHandle<Integer>("console");
        int extra = 5;
        for (int i = 0; i < ServiceHandle.CAPACITY + extra; i++) {
            handle.tell(i);
        }
        assertEquals(extra, handle.dropped());
        var inbox = TestInbox.<Integer>create();
        handle.set(inbox.getRef());
        var all = inbox.getAllReceived();
        assertEquals(ServiceHandle.CAPACITY, all.size());
        assertEquals(extra, all.get(0));
        assertEquals(ServiceHandle.CAPACITY + extra - 1, all.get(all.size() - 1));
    }
}
