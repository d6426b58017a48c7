package dev.pyassist.dataset;

/** A problem with the user's input (a file, an option, a setting): the message names it and is shown as is. */
public class DatasetException extends dev.pyassist.PyassistException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }
}
