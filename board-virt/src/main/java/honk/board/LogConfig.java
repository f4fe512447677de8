package honk.board;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code instead of logback.xml (found through Logback's Configurator
 * service): warnings and errors only, on stderr, because the console belongs to the shell. Code,
 * because parsing the XML file took ~1.5 s of the boot under TCG.
 */
public final class LogConfig extends ContextAwareBase implements Configurator {
    @Override
    public void configure(LoggerContext context) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        var stderr = new ConsoleAppender<ILoggingEvent>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        // A port in use: the http service says so in one line (and what to do), after its retries;
        // Akka's listener would print the bind's stack trace over the prompt on every attempt.
        context.getLogger("akka.io.TcpListener").setLevel(Level.OFF);
    }
}
