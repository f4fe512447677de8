/**
 * First-party programs compiled into the image and registered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/honk.actors.Program}): the demos of the process model and supervision.
 */
package honk.actors.programs;
