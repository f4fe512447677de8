package honk.net.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.actors.MailboxMeters;
import honk.actors.ProcessInfo;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.supervision.Supervisor;

import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/tree}: the live supervision tree, as {@code tree} shows it: the guardian, the
 * system supervisor and its services, the process table's shards and their processes. Each node has
 * its actor path, kind, state, restarts, mailbox depth (null where the actor's mailbox is not
 * metered) and children.
 */
final class TreeJson {
    private TreeJson() {}

    static ObjectNode of(Kernel kernel, Supervisor.Children services, List<ProcessInfo> procs) {
        MailboxMeters meters = MailboxMeters.get(kernel.system());
        String root = kernel.system().path().toStringWithoutAddress();
        ObjectNode guardian = node(root, "honk", "guardian", "running", 0, null);
        ArrayNode top = guardian.putArray("children");
        top.add(system(kernel, services, meters));
        top.add(procs(kernel, procs, meters, root + "/procs"));
        return guardian;
    }

    private static ObjectNode system(
            Kernel kernel, Supervisor.Children services, MailboxMeters meters) {
        String path = kernel.services().path().toStringWithoutAddress();
        ObjectNode sup =
                node(path, services.supervisor(), "supervisor", "running", 0, depth(meters, path));
        sup.put("strategy", services.strategy().name().toLowerCase(Locale.ROOT))
                .put("intensity", Init.SERVICE_INTENSITY.toString());
        ArrayNode kids = sup.putArray("children");
        for (Supervisor.ChildStatus c : services.children()) {
            String p = path + "/" + c.id();
            ObjectNode s = node(p, c.id(), "service", c.state(), c.restarts(), depth(meters, p));
            s.put("lastFailure", c.lastFailure().isEmpty() ? null : c.lastFailure());
            s.putArray("children");
            kids.add(s);
        }
        return sup;
    }

    private static ObjectNode procs(
            Kernel kernel, List<ProcessInfo> procs, MailboxMeters meters, String path) {
        ObjectNode table = node(path, "procs", "process-table", "running", 0, null);
        table.put("processes", procs.size());
        ArrayNode shards = table.putArray("children");
        for (int s = 0; s < kernel.table().shardCount(); s++) {
            String sp = path + "/shard-" + s;
            ObjectNode shard = node(sp, "shard-" + s, "shard", "running", 0, depth(meters, sp));
            ArrayNode kids = shard.putArray("children");
            for (ProcessInfo p : procs) {
                if (p.shard() == s) {
                    ObjectNode n =
                            node(
                                    p.path(),
                                    p.pid() + "-" + p.name(),
                                    p.kind().label(),
                                    p.state().label(),
                                    p.restarts(),
                                    p.state().isFinal() ? null : p.meter().depth());
                    n.put("pid", p.pid()).put("program", p.name());
                    n.putArray("children");
                    kids.add(n);
                }
            }
            shards.add(shard);
        }
        return table;
    }

    private static ObjectNode node(
            String path, String name, String kind, String state, int restarts, Long depth) {
        ObjectNode n =
                Json.object()
                        .put("path", path)
                        .put("name", name)
                        .put("kind", kind)
                        .put("state", state)
                        .put("restarts", restarts);
        if (depth == null) {
            n.putNull("mailboxDepth");
        } else {
            n.put("mailboxDepth", depth);
        }
        return n;
    }

    private static Long depth(MailboxMeters meters, String path) {
        return meters.find(path).map(m -> m.read().depth()).orElse(null);
    }
}
