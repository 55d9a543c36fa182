package vn.friendlygov.knowledge;

import java.util.List;

/** A topic the commune does not handle; {@code redirect} (may be null) says where to go instead. */
public record OutOfScopeTopic(String id, List<String> keywords, List<String> examples, String redirect) {
}
