package vn.friendlygov.knowledge;

/** A broken knowledge-base file; the message names the file and the field. */
public class KnowledgeBaseException extends RuntimeException {
    public KnowledgeBaseException(String message) {
        super(message);
    }
}
