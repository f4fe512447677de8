package honk.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;

import org.junit.jupiter.api.Test;

class LogConfigTest {
    @Test
    void logbackIsConfiguredInCodeWithWarningsOnStderr() {
        var context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertNotNull(appender, "the configurator's appender is attached (no XML file is read)");
        assertEquals("System.err", appender.getTarget());
    }
}
