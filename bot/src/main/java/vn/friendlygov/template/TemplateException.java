package vn.friendlygov.template;

/** A template file that cannot be used; the message names the file and the line. */
public class TemplateException extends IllegalStateException {
    public TemplateException(String message) {
        super(message);
    }
}
