package vn.friendlygov.perf;

import java.util.List;

/**
 * Questions the way residents type them: with and without diacritics, abbreviations, typos,
 * follow-ups about fees and time, and a few things the bot does not handle. Written for the
 * performance tools; not the evaluation set.
 */
public final class ResidentQuestions {
    public static final List<String> ALL = List.of(
            "cho em hỏi làm giấy khai sinh cho con cần mang những gì ạ",
            "dang ky khai sinh cho be o dau vay ad",
            "con mới sinh được 2 tuần thì đi làm giấy tờ gì",
            "đăng ký kết hôn cần giấy tờ gì",
            "lam dang ky ket hon mat bao lau",
            "hai vợ chồng muốn đăng ký kết hôn thì lên xã hay lên huyện",
            "ông nội em mới mất thì khai tử thế nào ạ",
            "khai tu co mat phi khong",
            "chứng thực bản sao sổ hộ khẩu bao nhiêu tiền 1 trang",
            "cho hỏi công chứng bản sao căn cước ở đâu",
            "tôi muốn đăng ký thường trú cho vợ về ở cùng",
            "dang ky tam tru cho sinh vien thue tro can gi",
            "xin giấy xác nhận tình trạng hôn nhân để đi làm hồ sơ",
            "xac nhan tinh trang hon nhan lay trong ngay duoc ko",
            "trích lục khai sinh bản sao làm online được không",
            "làm lại giấy khai sinh bị mất thì sao",
            "uỷ ban xã làm việc mấy giờ, thứ bảy có làm không",
            "dia chi ubnd xa o dau vay",
            "số điện thoại đường dây nóng của xã là gì",
            "nop ho so qua dich vu cong truc tuyen nhu the nao",
            "đường làng chỗ thôn đông bị ngập, đèn đường hỏng mấy hôm nay",
            "em muốn phản ánh hàng xóm đốt rác gây khói",
            "cho tôi gặp cán bộ tư pháp",
            "chao ban",
            "cảm ơn nhiều nhé",
            "giá vàng hôm nay bao nhiêu",
            "làm sổ đỏ cho mảnh đất ông bà để lại thế nào",
            "con em đi học cần giấy chứng nhận hộ nghèo thì xin ở đâu",
            "nhận con nuôi cần điều kiện gì",
            "thay doi ho ten cho con duoc khong, le phi bao nhieu");

    private ResidentQuestions() {
    }
}
