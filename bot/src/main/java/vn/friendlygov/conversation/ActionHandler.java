package vn.friendlygov.conversation;

/**
 * Handles a catalogue action (phan-anh, tra-cuu-phan-anh, gap-can-bo, ...). Features register
 * one bean per action; an action without a handler gets an honest placeholder reply.
 */
public interface ActionHandler {
    String actionId();

    Outcome handle(Turn turn, double confidence);
}
