package honk.storage.kv;

import honk.supervision.ServiceHandle;

/** The running KV store as the kernel's registry holds it: its appender's handle and a reader. */
public record KvService(ServiceHandle<KvStore.Command> appender, KvReader reader, String device) {}
