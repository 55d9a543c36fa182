package vn.friendlygov.ticket;

import vn.friendlygov.calendar.DeadlineUnit;

import java.util.Locale;

/** An amount of working days, days or working hours, written in configuration as "5 WORKING_DAYS". */
public record Deadline(int amount, DeadlineUnit unit) {

    public static Deadline parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
        try {
            if (parts.length == 2) {
                return new Deadline(Integer.parseInt(parts[0]), DeadlineUnit.valueOf(parts[1].toUpperCase(Locale.ROOT)));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalStateException("deadline '" + text + "' must read '<amount> WORKING_DAYS|DAYS|WORKING_HOURS'");
    }

    /** "5 ngày làm việc". */
    public String label() {
        return amount + " " + unit.label();
    }
}
