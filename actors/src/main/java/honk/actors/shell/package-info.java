/**
 * The shell: a supervised system service that runs one command line at a time. Commands are
 * contributed by the module that owns them through {@link honk.actors.shell.ShellCommandProvider},
 * so the shell has no switch statement over command names. Pure Java.
 */
package honk.actors.shell;
