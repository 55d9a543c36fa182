package vn.friendlygov.calendar;

/** How a legal deadline is counted; laws say which, and the two are not interchangeable. */
public enum DeadlineUnit {
    /** "ngày làm việc": procedures (hộ tịch, chứng thực, cư trú, ...). */
    WORKING_DAYS("ngày làm việc"),
    /** "ngày": calendar days (khiếu nại, tố cáo), counted per Bộ luật Dân sự 2015 Điều 147–148. */
    DAYS("ngày"),
    /** "giờ làm việc": e.g. feedback platforms that must answer within 8 working hours. */
    WORKING_HOURS("giờ làm việc");

    private final String label;

    DeadlineUnit(String label) {
        this.label = label;
    }

    /** The Vietnamese wording, e.g. "05 ngày làm việc". */
    public String label() {
        return label;
    }
}
