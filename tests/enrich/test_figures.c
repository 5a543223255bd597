/*
 * Figures, table-driven: each case is a sentence and its language, and the exact list of
 * figures enrich_figures_find must write (text, value, value_max for ranges, unit, qualifier,
 * context), in order. An empty list means no number in the sentence is a figure. Further tests
 * check that spans slice the input exactly on UTF-8 boundaries on generated text.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "enrich_internal.h"

#define VI ENRICH_LANG_VI
#define EN ENRICH_LANG_EN

struct expect {
    const char *text;
    double value;
    double value_max; /* 0 when the figure is not a range */
    const char *unit, *qualifier, *context;
};

struct figure_case {
    enum enrich_lang lang;
    const char *input;
    struct expect out[4];
};

#define NONE                                                                                       \
    {                                                                                              \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }

static const struct figure_case cases[] = {
    /* The seed article: 9.720 is a figure; 290, 114, 16, 2020 and 10 (năm) are not. */
    {VI,
     "Qua 10 năm thực hiện phong trào thi đua “Dân vận khéo” hệ thống dân vận các cấp đã xây "
     "dựng được 9.720 điển hình “Dân vận khéo”...",
     {{"9.720", 9720, 0, NULL, NULL, "điển hình"}}},
    {VI,
     "Ngày 15-7-2020, Thành ủy Cần Thơ tổng kết 10 năm thực hiện Quyết định 290-QĐ/TW của Bộ "
     "Chính trị (khóa X), theo Kết luận 114 của Ban Bí thư và Chỉ thị 16 của Thủ tướng; sơ kết "
     "6 tháng đầu năm 2020.",
     NONE},

    /* A negated comparison is a bound, not "hơn": a floor or a ceiling. */
    {VI,
     "Doanh nghiệp thu mua xoài với giá không thấp hơn 28.000 đồng/kg.",
     {{"28.000 đồng/kg", 28000, 0, "đồng/kg", "không thấp hơn", "xoài"}}},
    {VI,
     "Tỷ lệ hộ nghèo không vượt quá 2%.",
     {{"2%", 2, 0, "%", "không vượt quá", "Tỷ lệ hộ nghèo"}}},
    {VI,
     "Mỗi hộ được vay không dưới 50 triệu đồng.",
     {{"50 triệu đồng", 50000000, 0, "đồng", "không dưới", "vay"}}},
    {VI,
     "Không ít hơn 300 người tham gia.",
     {{"300 người", 300, 0, "người", "không ít hơn", "người tham gia"}}},

    /* A multiple after a comparative or alone ("cao gấp 2 lần", "gấp 3 lần") restates the
     * subject of the figure before it. */
    {VI,
     "Mỗi hécta xoài cho lợi nhuận từ 180 đến 220 triệu đồng, cao gấp 2 lần trồng lúa.",
     {{"180 đến 220 triệu đồng", 180000000, 220000000, "đồng", NULL, "lợi nhuận"},
      {"2 lần", 2, 0, "lần", NULL, "lợi nhuận"}}},
    {VI,
     "Doanh thu đạt 500 tỷ đồng, gấp 3 lần năm trước.",
     {{"500 tỷ đồng", 500000000000.0, 0, "đồng", NULL, "Doanh thu"},
      {"3 lần", 3, 0, "lần", NULL, "Doanh thu"}}},
    /* A subject that holds a figure runs on to its verb. */
    {VI,
     "Tỷ lệ huy động trẻ 6 tuổi vào lớp 1 đạt 99,6%.",
     {{"6 tuổi", 6, 0, "tuổi", NULL, "Tỷ lệ huy động trẻ"},
      {"99,6%", 99.6, 0, "%", NULL, "Tỷ lệ huy động trẻ 6 tuổi vào lớp 1"}}},
    {VI,
     "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng giảm còn 12%.",
     {{"5 tuổi", 5, 0, "tuổi", "dưới", "Tỷ lệ trẻ"},
      {"12%", 12, 0, "%", NULL, "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng"}}},
    /* English: a change after a date follows the subject counted before it; verbs whose
     * object is the subject; "alone" after a time. */
    {EN,
     "Vietnam welcomed 19.2 million international visitors in the first 10 months of 2026, up "
     "16.8 per cent year-on-year.",
     {{"19.2 million", 19200000, 0, NULL, NULL, "international visitors"},
      {"16.8 per cent", 16.8, 0, "%", NULL, "international visitors"}}},
    {EN,
     "Tourism revenue in October alone was estimated at VNĐ95 trillion (US$3.6 billion).",
     {{"VNĐ95 trillion", 95e12, 0, "đồng", NULL, "Tourism revenue"},
      {"US$3.6 billion", 3.6e9, 0, "USD", NULL, "Tourism revenue"}}},
    {EN,
     "Phu Quoc Island in An Giang Province saw hotel occupancy of about 75 per cent.",
     {{"75 per cent", 75, 0, "%", "about", "hotel occupancy"}}},
    {EN,
     "The firm posted revenue of $5 million in the quarter.",
     {{"$5 million", 5e6, 0, "USD", NULL, "revenue"}}},

    /* What happened to the people counted is part of what is counted. */
    {VI,
     "Bão làm 12 người thiệt mạng, 30 người bị thương.",
     {{"12 người", 12, 0, "người", NULL, "người thiệt mạng"},
      {"30 người", 30, 0, "người", NULL, "người bị thương"}}},

    /* Proper fractions where the words say they divide something; never codes or dates. */
    {VI,
     "Khoảng 2/3 số xã đã đạt chuẩn nông thôn mới.",
     {{"2/3", 2.0 / 3.0, 0, NULL, "khoảng", "số xã"}}},
    {VI,
     "Dự án chiếm 1/5 diện tích đất nông nghiệp của huyện.",
     {{"1/5", 0.2, 0, NULL, NULL, "diện tích đất nông nghiệp"}}},
    {VI, "Tổng đài hoạt động 24/7 phục vụ người dân.", NONE},
    {VI, "Lớp 10/3 có 40 học sinh.", {{"40", 40, 0, NULL, NULL, "học sinh"}}},

    /* "đạt" inside the words before a figure ends its subject there. */
    {VI,
     "Tập đoàn FPT đạt doanh thu 62.849 tỷ đồng, lợi nhuận trước thuế tăng 19,6%.",
     {{"62.849 tỷ đồng", 62849000000000.0, 0, "đồng", NULL, "doanh thu"},
      {"19,6%", 19.6, 0, "%", NULL, "lợi nhuận trước thuế"}}},

    /* An age written as an adjective is about the noun after it. */
    {EN, "A 7-year-old girl was rescued.", {{"7-year-old", 7, 0, "tuổi", NULL, "girl"}}},

    /* Energy units in words; a record; the short form in brackets between a subject's figure
     * and its change. */
    {EN,
     "Vietnam's electricity consumption hit a record 1.12 billion kilowatt-hours (kWh) on a "
     "single day.",
     {{"1.12 billion kilowatt-hours", 1.12e9, 0, "kWh", NULL,
       "Vietnam's electricity consumption"}}},
    {EN,
     "Peak capacity reached 54,500 megawatts (MW) on Nov. 19, up 11.2% from a year earlier.",
     {{"54,500 megawatts", 54500, 0, "MW", NULL, "Peak capacity"},
      {"11.2%", 11.2, 0, "%", NULL, "Peak capacity"}}},
    /* A relative clause that opens with its verb is about the noun before "that". */
    {EN,
     "Officials fear the blackouts that cost the economy an estimated $1.4 billion.",
     {{"$1.4 billion", 1.4e9, 0, "USD", NULL, "the blackouts"}}},
    /* "vượt ngưỡng cho phép" links the figure to the subject before it. */
    {VI,
     "Chỉ số bọ gậy (BI) tại nhiều khu dân cư vượt ngưỡng cho phép từ 3 đến 5 lần.",
     {{"3 đến 5 lần", 3, 5, "lần", NULL, "Chỉ số bọ gậy"}}},

    /* A code of capitals before a number names a variety, wherever it stands. */
    {VI,
     "OM 5451 giá 8.200 đồng/kg, ST 25 giá 9.500 đồng/kg.",
     {{"8.200 đồng/kg", 8200, 0, "đồng/kg", NULL, "giá"},
      {"9.500 đồng/kg", 9500, 0, "đồng/kg", NULL, "giá"}}},

    /* Vietnamese separators and scale words. */
    {VI, "Tỷ lệ hài lòng đạt 98,7%.", {{"98,7%", 98.7, 0, "%", NULL, "Tỷ lệ hài lòng"}}},
    {VI,
     "Cả nước có hơn 1,5 triệu người tham gia.",
     {{"1,5 triệu người", 1500000, 0, "người", "hơn", "người tham gia"}}},
    {VI,
     "Tổng vốn đầu tư 2.345 tỷ đồng.",
     {{"2.345 tỷ đồng", 2345000000000.0, 0, "đồng", NULL, "Tổng vốn đầu tư"}}},
    {VI,
     "Doanh thu đạt 1.234,5 tỷ đồng.",
     {{"1.234,5 tỷ đồng", 1234500000000.0, 0, "đồng", NULL, "Doanh thu"}}},
    {VI,
     "Mỗi hộ được hỗ trợ 1.000.000 đồng.",
     {{"1.000.000 đồng", 1000000, 0, "đồng", NULL, "hỗ trợ"}}},
    {VI,
     "Sản lượng 5 nghìn tấn lúa, với 3 ngàn người thu hoạch.",
     {{"5 nghìn tấn", 5000, 0, "tấn", NULL, "lúa"},
      {"3 ngàn người", 3000, 0, "người", NULL, "người thu hoạch"}}},
    {VI, "Dự án vay 2 tỉ đồng.", {{"2 tỉ đồng", 2000000000, 0, "đồng", NULL, "Dự án vay"}}},
    {VI,
     "Thu ngân sách 10 nghìn tỷ đồng.",
     {{"10 nghìn tỷ đồng", 1e13, 0, "đồng", NULL, "Thu ngân sách"}}},
    {VI,
     "Thu 17,4 nghìn tỷ đồng và 4,59 triệu lượt, 2,3 tỷ USD.",
     {{"17,4 nghìn tỷ đồng", 17400000000000.0, 0, "đồng", NULL, "Thu"},
      {"4,59 triệu lượt", 4590000, 0, "lượt", NULL, "lượt"},
      {"2,3 tỷ USD", 2300000000, 0, "USD", NULL, NULL}}},
    {VI,
     "Trị giá 1 tỷ 200 triệu đồng.",
     {{"1 tỷ 200 triệu đồng", 1200000000, 0, "đồng", NULL, "Trị giá"}}},
    {VI, "Diện tích 2,5 ha được giao.", {{"2,5 ha", 2.5, 0, "ha", NULL, "Diện tích"}}},
    {VI,
     "Lạm phát khoảng 2.5% theo cách viết khác.",
     {{"2.5%", 2.5, 0, "%", "khoảng", "Lạm phát"}}},
    {VI,
     "Giá trị 1,234,567 đồng theo kiểu viết tiếng Anh.",
     {{"1,234,567 đồng", 1234567, 0, "đồng", NULL, "Giá trị"}}},
    {VI, "Có 1,500 người dự.", {{"1,500 người", 1.5, 0, "người", NULL, "người dự"}}},

    /* Units. */
    {VI, "khoảng 300 hộ dân bị ảnh hưởng", {{"300 hộ", 300, 0, "hộ", "khoảng", "hộ dân"}}},
    {VI, "gần 2.000 ha lúa bị ngập", {{"2.000 ha", 2000, 0, "ha", "gần", "lúa"}}},
    {VI,
     "trên 500 lượt khách tham quan",
     {{"500 lượt", 500, 0, "lượt", "trên", "lượt khách tham quan"}}},
    {VI, "bàn giao tới 200 căn hộ", {{"200 căn", 200, 0, "căn", "tới", "căn hộ"}}},
    {VI, "Tỉnh ghi nhận 12 ca mắc mới.", {{"12 ca", 12, 0, "ca", NULL, "ca mắc mới"}}},
    {VI, "chưa đến 5% số hộ", {{"5%", 5, 0, "%", "chưa đến", "số hộ"}}},
    {VI,
     "gần như 100% hộ dân dùng nước sạch",
     {{"100%", 100, 0, "%", "gần như", "hộ dân dùng nước sạch"}}},
    {VI, "Tuyến đường dài 5km.", {{"5km", 5, 0, "km", NULL, "Tuyến đường dài"}}},
    {VI,
     "Căn hộ 30 m2 và căn 120m².",
     {{"30 m2", 30, 0, "m2", NULL, "Căn hộ"}, {"120m²", 120, 0, "m2", NULL, "căn"}}},
    {VI,
     "Hỗ trợ 500 USD, tương đương 200 đô la Mỹ.",
     {{"500 USD", 500, 0, "USD", NULL, "Hỗ trợ"}, {"200 đô la Mỹ", 200, 0, "USD", NULL, NULL}}},
    {VI, "Phí 50.000 VNĐ mỗi lượt.", {{"50.000 VNĐ mỗi lượt", 50000, 0, "đồng/lượt", NULL, "Phí"}}},
    /* The second unit in words: "mỗi" takes any unit, "một" and "trên" no counted noun; a
     * duration the dates read ("một tháng") stays theirs. */
    {VI,
     "Giá bình quân 68 triệu đồng mỗi m2, căn rẻ nhất 50 triệu đồng một m2.",
     {{"68 triệu đồng mỗi m2", 68000000, 0, "đồng/m2", NULL, "Giá bình quân"},
      {"50 triệu đồng một m2", 50000000, 0, "đồng/m2", NULL, "căn rẻ nhất"}}},
    /* A time phrase may close the first figure's clause before the change that follows. */
    {VI,
     "Giá căn hộ bình quân đạt 68 triệu đồng/m2 trong quý III, tăng khoảng 25% so với cùng kỳ.",
     {{"68 triệu đồng/m2", 68000000, 0, "đồng/m2", NULL, "Giá căn hộ bình quân"},
      {"25%", 25, 0, "%", "khoảng", "Giá căn hộ bình quân"}}},
    {VI,
     "Giá căn hộ bình quân đạt 68 triệu đồng/m2 trong khu trung tâm, tăng khoảng 25%.",
     {{"68 triệu đồng/m2", 68000000, 0, "đồng/m2", NULL, "Giá căn hộ bình quân"},
      {"25%", 25, 0, "%", "khoảng", NULL}}},
    {VI, "Lương 10 triệu đồng một tháng.", {{"10 triệu đồng", 10000000, 0, "đồng", NULL, "Lương"}}},
    {VI,
     "Có 4.126 người hưởng BHXH một lần.",
     {{"4.126 người", 4126, 0, "người", NULL, "người hưởng BHXH một lần"}}},
    /* What is said after "cho biết", "phản ánh", "nói" has its own subject. */
    {VI,
     "Ông Lộc cho biết giá thức ăn chăn nuôi tăng 12%.",
     {{"12%", 12, 0, "%", NULL, "giá thức ăn chăn nuôi"}}},
    {VI,
     "Cử tri phản ánh giá thức ăn chăn nuôi tăng 12%.",
     {{"12%", 12, 0, "%", NULL, "giá thức ăn chăn nuôi"}}},
    {VI, "Ông nói giá điện tăng 5%.", {{"5%", 5, 0, "%", NULL, "giá điện"}}},
    {VI, "Năng suất đạt 7 tấn trên ha.", {{"7 tấn trên ha", 7, 0, "tấn/ha", NULL, "Năng suất"}}},
    {VI,
     "Bệnh nhân uống 500 mg mỗi ngày.",
     {{"500 mg mỗi ngày", 500, 0, "mg/ngày", NULL, "Bệnh nhân uống"}}},
    {VI, "Nồng độ cồn 0,35 mg/lít.", {{"0,35 mg/lít", 0.35, 0, "mg/lít", NULL, "Nồng độ cồn"}}},
    {VI,
     "Giá 40 triệu đồng trên thị trường.",
     {{"40 triệu đồng", 40000000, 0, "đồng", NULL, "Giá"}}},
    {VI,
     "Hỗ trợ 2 triệu đồng một người dân.",
     {{"2 triệu đồng", 2000000, 0, "đồng", NULL, "Hỗ trợ"}}},
    {VI,
     "Xuất 12 tấn, 50 kg và 3 lít.",
     {{"12 tấn", 12, 0, "tấn", NULL, "Xuất"},
      {"50 kg", 50, 0, "kg", NULL, NULL},
      {"3 lít", 3, 0, "lít", NULL, NULL}}},
    {VI, "Ông A, 55 tuổi, trú tại xã B.", {{"55 tuổi", 55, 0, "tuổi", NULL, NULL}}},
    {VI, "Doanh thu tăng 2 lần.", {{"2 lần", 2, 0, "lần", NULL, "Doanh thu"}}},
    {VI, "Nhà máy công suất 100 MW.", {{"100 MW", 100, 0, "MW", NULL, "Nhà máy công suất"}}},
    {VI, "Nhiệt độ lên tới 39°C.", {{"39°C", 39, 0, "°C", "lên tới", "Nhiệt độ"}}},
    {VI, "Đàn heo có 500 con bị bệnh.", {{"500 con", 500, 0, "con", NULL, "con"}}},
    {VI,
     "Tăng 1,5 điểm phần trăm.",
     {{"1,5 điểm phần trăm", 1.5, 0, "điểm phần trăm", NULL, NULL}}},
    {VI, "Tỷ lệ 7 phần trăm.", {{"7 phần trăm", 7, 0, "%", NULL, "Tỷ lệ"}}},
    /* Salinity is written per mille, attached or spaced. */
    {VI, "Độ mặn lên tới 4,5‰.", {{"4,5‰", 4.5, 0, "‰", "lên tới", "Độ mặn"}}},
    {VI, "Độ mặn khoảng 1 ‰.", {{"1 ‰", 1, 0, "‰", "khoảng", "Độ mặn"}}},
    {VI,
     "Lương 10 triệu đồng/người/tháng.",
     {{"10 triệu đồng/người/tháng", 10000000, 0, "đồng/người/tháng", NULL, "Lương"}}},
    {VI, "Tốc độ tối đa 60 km/h.", {{"60 km/h", 60, 0, "km/h", "tối đa", "Tốc độ"}}},
    {VI, "Năng suất 5 tấn/ha.", {{"5 tấn/ha", 5, 0, "tấn/ha", NULL, "Năng suất"}}},
    {VI, "Có 5 Đồng Tháp.", {{"5", 5, 0, NULL, NULL, "Đồng Tháp"}}},
    {VI, "Dân số 1,2 triệu người.", {{"1,2 triệu người", 1200000, 0, "người", NULL, "người"}}},
    {VI, "Tổng số 1.200 hộ được hỗ trợ.", {{"1.200 hộ", 1200, 0, "hộ", NULL, "hộ"}}},

    /* Ranges. */
    {VI,
     "Giá lúa 95.000 - 100.000 đồng/kg.",
     {{"95.000 - 100.000 đồng/kg", 95000, 100000, "đồng/kg", NULL, "Giá lúa"}}},
    {VI, "Tăng trưởng 7-7,5%.", {{"7-7,5%", 7, 7.5, "%", NULL, "Tăng trưởng"}}},
    {VI, "Chi phí từ 2 đến 3 tỷ đồng.", {{"2 đến 3 tỷ đồng", 2e9, 3e9, "đồng", NULL, "Chi phí"}}},
    {VI,
     "Thu nhập 1,5-2 triệu đồng.",
     {{"1,5-2 triệu đồng", 1.5e6, 2e6, "đồng", NULL, "Thu nhập"}}},
    {VI,
     "Mỗi đợt 2.000-3.000 người tham dự.",
     {{"2.000-3.000 người", 2000, 3000, "người", NULL, "người tham dự"}}},
    {VI,
     "Giá 500 nghìn - 1 triệu đồng.",
     {{"500 nghìn - 1 triệu đồng", 500000, 1000000, "đồng", NULL, "Giá"}}},
    {VI, "Tăng từ 5% đến 7%.", {{"5% đến 7%", 5, 7, "%", NULL, NULL}}},
    {VI, "Đội nhà thắng 2-1 và 3 - 0.", NONE},

    /* Not figures: document numbers, phones, names, ordinals, dates. */
    {VI, "Quyết định 290-QĐ/TW, Kết luận 114, Chỉ thị 16 và Nghị định 100/2019/NĐ-CP.", NONE},
    {VI, "Quyết định số 2345 và Thông tư 08/2021/TT-BYT.", NONE},
    {VI, "Nghị quyết 68 và Chương trình 135 được triển khai.", NONE},
    {VI, "Liên hệ 0292.3820.123 hoặc 0913 123 456.", NONE},
    {VI, "Gọi tổng đài 1900 1234 hoặc (028) 3822 1234.", NONE},
    {VI, "Số điện thoại +84 913 123 456.", NONE},
    {VI, "Đường dây nóng 113.", NONE},
    {VI, "Dịch COVID-19 tại Quốc lộ 1A và Tỉnh lộ 923.", NONE},
    {VI, "Sư đoàn 9, Quận 1, phường 5 và số 12 đường Trần Phú.", NONE},
    {VI, "Đội tuyển U23 dự Đại hội XIII và Đại hội 13.", NONE},
    {VI, "Hội nghị lần thứ 2, thứ 3 và lần 4.", NONE},
    {VI, "Hội nghị Trung ương 4 khóa XII.", NONE},
    {VI, "Theo Điều 5, khoản 2 và mục 3.", NONE},
    {VI, "Mã số thuế 1801234567 của doanh nghiệp.", NONE},
    {VI, "Xe biển số 65A-123.45 bị tạm giữ.", NONE},
    {VI, "Lọt Top 10 và học sinh lớp 12.", NONE},
    {VI, "Bàn thắng ở phút 90+2 và phút 45.", NONE},
    {VI, "Gia đình ở căn hộ 1205 và mua lúa IR 50404.", NONE},
    {VI,
     "Lễ hội ngày 15/8 âm lịch thu hút 2.000 người.",
     {{"2.000 người", 2000, 0, "người", NULL, "người"}}},
    {VI,
     "Giá heo hơi hiện dao động 52.000 đồng/kg.",
     {{"52.000 đồng/kg", 52000, 0, "đồng/kg", NULL, "Giá heo hơi"}}},
    {VI, "Ngày 15/7/2020, năm 2020, 10 năm, 14 giờ 30 phút.", NONE},
    {VI, "Giai đoạn 2021-2025 và quý I/2020.", NONE},
    {VI, "Bị phạt 3-5 năm tù.", NONE},
    /* A fraction of something counts ("hơn 2/3 số hộ" was a code here before session 8);
     * "24/7" and a map scale do not. */
    {VI,
     "Hơn 2/3 số hộ; phục vụ 24/7; tỷ lệ bản đồ 1:500.",
     {{"2/3", 2.0 / 3.0, 0, NULL, "hơn", "số hộ"}}},
    {VI, "Cách mạng công nghiệp 4.0 và mạng 5G.", NONE},
    {VI, "Tàu Apollo 11 và dòng iPhone 12.", NONE},
    {VI, "Luật Đất đai 2013 có hiệu lực.", NONE},
    {VI, "Kênh 14 phát sóng trên VTV1.", NONE},
    {VI, "Bệnh nhân chuyển đến Bệnh viện 115 và Công viên 23/9, tuyến xe buýt 13.", NONE},
    {VI, "Khu phố 3, tổ dân phố 5, ấp 2.", NONE},

    {VI, "Lúa IR 50404 giá 7.200 đồng/kg.", {{"7.200 đồng/kg", 7200, 0, "đồng/kg", NULL, "giá"}}},
    {VI,
     "Lượng mưa phổ biến từ 150 đến 250mm.",
     {{"150 đến 250mm", 150, 250, "mm", NULL, "Lượng mưa phổ biến"}}},
    {VI, "Các ngày mùng 4 và mùng 5 Tết đông khách.", NONE},

    /* Numbers next to dates stay figures. */
    {VI, "Năm 2020, tỉnh có 1.200 hộ nghèo.", {{"1.200 hộ", 1200, 0, "hộ", NULL, "hộ nghèo"}}},
    {VI,
     "6 tháng đầu năm 2020, xuất khẩu đạt 5 tỷ USD.",
     {{"5 tỷ USD", 5e9, 0, "USD", NULL, "xuất khẩu"}}},
    {VI, "Ngày 15/7, 300 người đã đến.", {{"300 người", 300, 0, "người", NULL, "người"}}},
    {VI, "Có 05 trường hợp vi phạm.", NONE},
    {VI, "Ông nộp 05 bản.", NONE},
    {VI,
     "Trong đó 320 gia đình chính sách được thăm hỏi.",
     {{"320", 320, 0, NULL, NULL, "gia đình chính sách"}}},
    {VI, "Toàn tỉnh có 48 xã đạt chuẩn nông thôn mới.", {{"48", 48, 0, NULL, NULL, "xã"}}},

    /* What a figure counts when nothing after it says: the subject before the verb, past time
     * words, dates, hedges, a bracketed name, and a place or owner after the subject. */
    {VI,
     "Năm 2022, sản lượng lúa cả năm của tỉnh đạt hơn 2,1 triệu tấn.",
     {{"2,1 triệu tấn", 2100000, 0, "tấn", "hơn", "sản lượng lúa"}}},
    {VI,
     "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 9.845 tỷ đồng.",
     {{"9.845 tỷ đồng", 9845000000000.0, 0, "đồng", NULL, "Tổng thu ngân sách nhà nước"}}},
    {VI,
     "Giải ngân vốn đầu tư công đến ngày 31/10 đạt 4.120 tỷ đồng.",
     {{"4.120 tỷ đồng", 4120000000000.0, 0, "đồng", NULL, "Giải ngân vốn đầu tư công"}}},
    {VI,
     "Tổng sản phẩm trên địa bàn (GRDP) tăng 5,95%.",
     {{"5,95%", 5.95, 0, "%", NULL, "Tổng sản phẩm"}}},
    {VI,
     "Mực nước sông Cả tại Con Cuông lúc 10 giờ ngày 13/8 lên mức 89,5 m.",
     {{"89,5 m", 89.5, 0, "m", NULL, "Mực nước sông Cả"}}},
    {VI,
     "Nhiệt độ tại vùng đồng bằng có nơi lên tới 38 độ C.",
     {{"38 độ C", 38, 0, "°C", "lên tới", "Nhiệt độ"}}},
    {VI,
     "Người sốt cao trên 39 độ C kéo dài cần đi khám.",
     {{"39 độ C", 39, 0, "°C", "trên", "Người sốt cao"}}},
    {VI,
     "Liên kết trên diện tích hơn 15.000 ha.",
     {{"15.000 ha", 15000, 0, "ha", "hơn", "diện tích"}}},
    {VI,
     "Vụ Hè Thu năm nay, năng suất lúa ước đạt 6,2 tấn/ha.",
     {{"6,2 tấn/ha", 6.2, 0, "tấn/ha", NULL, "năng suất lúa"}}},
    {VI,
     "Kim ngạch xuất khẩu của tỉnh đạt 1,82 tỷ USD.",
     {{"1,82 tỷ USD", 1820000000, 0, "USD", NULL, "Kim ngạch xuất khẩu"}}},
    {VI, "Lãi gấp 2 lần vụ trước.", {{"2 lần", 2, 0, "lần", NULL, "Lãi"}}},
    {VI, "Chỉ số PCI giảm 3 bậc so với năm 2021.", {{"3 bậc", 3, 0, "bậc", NULL, "Chỉ số PCI"}}},
    {VI,
     "Thấp hơn mức bình quân cả nước 4,5 điểm phần trăm.",
     {{"4,5 điểm phần trăm", 4.5, 0, "điểm phần trăm", NULL, "mức bình quân cả nước"}}},
    {VI,
     "Điểm trung bình là 6,93 điểm; tỉnh bố trí 81 điểm thi.",
     {{"6,93 điểm", 6.93, 0, "điểm", NULL, "Điểm trung bình"},
      {"81", 81, 0, NULL, NULL, "điểm thi"}}},
    {VI, "Mực nước trên báo động 3 là 0,5 m.", {{"0,5 m", 0.5, 0, "m", NULL, NULL}}},
    {VI,
     "Cả năm 2023 xuất khẩu gạo có thể đạt 8 triệu tấn.",
     {{"8 triệu tấn", 8000000, 0, "tấn", NULL, "xuất khẩu gạo"}}},
    {VI,
     "Các tỉnh dự kiến xuống giống khoảng 1,5 triệu ha.",
     {{"1,5 triệu ha", 1500000, 0, "ha", "khoảng", "xuống giống"}}},
    {VI,
     "Học phí năm học 2023-2024 dự kiến từ 12,5-15 triệu đồng/năm.",
     {{"12,5-15 triệu đồng/năm", 12500000, 15000000, "đồng/năm", NULL, "Học phí"}}},
    {VI,
     "Dự án phải giải phóng mặt bằng 23,8 ha.",
     {{"23,8 ha", 23.8, 0, "ha", NULL, "giải phóng mặt bằng"}}},
    {VI,
     "Dự án ảnh hưởng đến 435 hộ dân, có đến 50 hộ phải di dời.",
     {{"435 hộ", 435, 0, "hộ", NULL, "hộ dân"}, {"50 hộ", 50, 0, "hộ", "đến", "hộ"}}},
    {VI,
     "Mỗi hộ được hỗ trợ từ 50 triệu đến 1,2 tỷ đồng tùy diện tích.",
     {{"50 triệu đến 1,2 tỷ đồng", 50000000, 1200000000, "đồng", NULL, "hỗ trợ"}}},
    {VI, "Năm nay trường tuyển 4.200 chỉ tiêu.", {{"4.200", 4200, 0, NULL, NULL, "chỉ tiêu"}}},
    {VI,
     "Đây là công trình thứ 5 trong số 15 công trình trọng điểm.",
     {{"15", 15, 0, NULL, NULL, "công trình trọng điểm"}}},
    {VI,
     "Khối lượng tháng 9 đạt 750.000 tấn, đưa tổng lượng 9 tháng lên gần 6,8 triệu tấn.",
     {{"750.000 tấn", 750000, 0, "tấn", NULL, "Khối lượng"},
      {"6,8 triệu tấn", 6800000, 0, "tấn", "gần", "tổng lượng"}}},
    /* A second predicate of the same subject after a comma keeps the subject. */
    {VI,
     "Kim ngạch ước đạt 1,82 tỷ USD, giảm 3,2% so với cùng kỳ.",
     {{"1,82 tỷ USD", 1820000000, 0, "USD", NULL, "Kim ngạch"},
      {"3,2%", 3.2, 0, "%", NULL, "Kim ngạch"}}},
    {VI,
     "Thành phố ghi nhận 7.246 ca mắc sốt xuất huyết, tăng gấp 2,3 lần cùng kỳ.",
     {{"7.246 ca", 7246, 0, "ca", NULL, "ca mắc sốt xuất huyết"},
      {"2,3 lần", 2.3, 0, "lần", NULL, "ca mắc sốt xuất huyết"}}},
    {VI,
     "Thu ngân sách đạt 9.845 tỷ đồng, bằng 82,4% dự toán, tăng 6,8%.",
     {{"9.845 tỷ đồng", 9845000000000.0, 0, "đồng", NULL, "Thu ngân sách"},
      {"82,4%", 82.4, 0, "%", NULL, "dự toán"},
      {"6,8%", 6.8, 0, "%", NULL, NULL}}},
    {VI,
     "Dự toán giao 500 tỷ đồng, đã giải ngân 30%.",
     {{"500 tỷ đồng", 500000000000, 0, "đồng", NULL, "Dự toán giao"},
      {"30%", 30, 0, "%", NULL, "giải ngân"}}},
    /* Signed changes; shares as a unit; a record and a lending book before the figure. */
    {VI,
     "VN-Index giảm 12,35 điểm (-1,1%), HNX-Index tăng (+0,5%); phút 90+2.",
     {{"12,35 điểm", 12.35, 0, "điểm", NULL, "VN-Index"},
      {"-1,1%", -1.1, 0, "%", NULL, "VN-Index"},
      {"+0,5%", 0.5, 0, "%", NULL, "HNX-Index"}}},
    /* Court and wage news: "hàng" ending a noun is no qualifier ("ngân hàng", "cửa hàng");
     * a figure opening a bracket gives the value of the noun before it, not of a name. */
    {VI,
     "Bị cáo phải bồi thường cho ngân hàng 23,4 tỷ đồng, mỗi cửa hàng 2 tỷ đồng.",
     {{"23,4 tỷ đồng", 23400000000, 0, "đồng", NULL, "ngân hàng"},
      {"2 tỷ đồng", 2000000000, 0, "đồng", NULL, "mỗi cửa hàng"}}},
    {VI,
     "Thiệt hại lên tới hàng trăm tỷ đồng, hàng 200 hộ phải di dời.",
     {{"200 hộ", 200, 0, "hộ", "hàng", "hộ"}}},
    {VI,
     "Doanh nghiệp áp dụng mức lương tối thiểu vùng III (3.860.000 đồng/tháng) từ ngày 1/7.",
     {{"3.860.000 đồng/tháng", 3860000, 0, "đồng/tháng", NULL, "mức lương tối thiểu vùng III"}}},
    {VI, "Chị Hà Thị Duyên (28 tuổi) cho biết.", {{"28 tuổi", 28, 0, "tuổi", NULL, NULL}}},
    /* A name of the Central Highlands or the H'Mông keeps its apostrophe in a context. */
    {VI,
     "Lực lượng chức năng giải cứu 2 thiếu nữ người H'Mông.",
     {{"2", 2, 0, NULL, NULL, "thiếu nữ người H'Mông"}}},
    /* A causative verb opens a clause; a name cut by the phrase limit is read back to its
     * capital; the end of a document number is no context. */
    {VI,
     "Bảng giá đất mới theo Luật Đất đai 2024 khiến tiền sử dụng đất của các dự án tăng 1,5-2 "
     "lần.",
     {{"1,5-2 lần", 1.5, 2, "lần", NULL, "tiền sử dụng đất"}}},
    {VI,
     "Đơn vị nợ nhiều nhất là Công ty cổ phần Thủy điện Sông Miện với 3,2 tỷ đồng.",
     {{"3,2 tỷ đồng", 3200000000, 0, "đồng", NULL, "Công ty cổ phần Thủy điện Sông Miện"}}},
    {VI,
     "Lương chỉ cao hơn mức theo Nghị định 74/2024/NĐ-CP chưa tới 10%.",
     {{"10%", 10, 0, "%", "chưa tới", NULL}}},
    {VI, "Nhiệt độ xuống -5 độ C.", {{"-5 độ C", -5, 0, "°C", NULL, "Nhiệt độ"}}},
    {VI,
     "Cổ phiếu HPG giảm về 27.600 đồng/cổ phiếu, với 820 triệu cổ phiếu được chuyển nhượng.",
     {{"27.600 đồng/cổ phiếu", 27600, 0, "đồng/cổ phiếu", NULL, "Cổ phiếu HPG"},
      {"820 triệu cổ phiếu", 820000000, 0, "cổ phiếu", NULL, "cổ phiếu"}}},
    {VI,
     "Dư nợ cho vay ký quỹ tại các công ty chứng khoán cuối quý II đạt kỷ lục gần 190.000 tỷ "
     "đồng.",
     {{"190.000 tỷ đồng", 190000000000000.0, 0, "đồng", "gần", "Dư nợ cho vay ký quỹ"}}},
    /* "đ" for đồng and "tr" for triệu, as regional papers write them. */
    {VI,
     "Mỗi suất quà trị giá 500.000đ; lương 2,5 triệu đ/tháng; lúa 7.500 đ/kg; quỹ 50 tr.đ.",
     {{"500.000đ", 500000, 0, "đồng", NULL, "Mỗi suất quà trị giá"},
      {"2,5 triệu đ/tháng", 2500000, 0, "đồng/tháng", NULL, "lương"},
      {"7.500 đ/kg", 7500, 0, "đồng/kg", NULL, "lúa"},
      {"50 tr.đ", 50000000, 0, "đồng", NULL, "quỹ"}}},
    {VI,
     "Đề tài có 3 trang; lớp 12 có 40 trẻ.",
     {{"3", 3, 0, NULL, NULL, "trang"}, {"40", 40, 0, NULL, NULL, "trẻ"}}},
    {VI,
     "Trong 10 tháng, sản lượng hàng hóa thông qua các cảng biển trên địa bàn thành phố Hải "
     "Phòng đạt 142,6 triệu tấn.",
     {{"142,6 triệu tấn", 142600000, 0, "tấn", NULL, "sản lượng hàng hóa"}}},
    {VI,
     "Ông Phương cho biết công suất phòng lưu trú trên địa bàn đạt khoảng 85%.",
     {{"85%", 85, 0, "%", "khoảng", "công suất phòng lưu trú"}}},
    {VI,
     "Ông nhận Huy hiệu 40 năm tuổi Đảng; bé 3 năm tuổi.",
     {{"40 năm tuổi Đảng", 40, 0, "năm tuổi Đảng", NULL, "Ông nhận Huy hiệu"},
      {"3 năm tuổi", 3, 0, "tuổi", NULL, "bé"}}},
    {VI,
     "Có 2.143 thí sinh đạt từ 27 điểm trở lên; trẻ em 15 tuổi trở xuống được miễn phí.",
     {{"2.143", 2143, 0, NULL, NULL, "thí sinh"},
      {"27 điểm", 27, 0, "điểm", "trở lên", "thí sinh"},
      {"15 tuổi", 15, 0, "tuổi", "trở xuống", "trẻ em"}}},
    {EN,
     "Groups of 50 people or more need a permit.",
     {{"50 people", 50, 0, "người", "or more", "people"}}},
    {VI,
     "Lượng mưa tại Móng Cái từ 19 giờ ngày 6/9 đến 19 giờ ngày 7/9 đo được 250 mm.",
     {{"250 mm", 250, 0, "mm", NULL, "Lượng mưa"}}},
    /* A measuring or passive clause after the subject, and a qualifier that links. */
    {VI,
     "Độ mặn đo được tại cửa sông Hàm Luông ngày 12/3 lên tới 4,5‰.",
     {{"4,5‰", 4.5, 0, "‰", "lên tới", "Độ mặn"}}},
    {VI,
     "Mực nước được ghi nhận tại trạm Tân Châu lúc 7 giờ sáng nay ở mức 3,2 m.",
     {{"3,2 m", 3.2, 0, "m", NULL, "Mực nước"}}},
    {VI,
     "Giá lúa tươi tại ruộng được thương lái thu mua ở mức 7.800 đồng/kg.",
     {{"7.800 đồng/kg", 7800, 0, "đồng/kg", NULL, "Giá lúa tươi"}}},
    {VI,
     "Tỷ lệ trẻ em được tiêm chủng đầy đủ đạt 95%.",
     {{"95%", 95, 0, "%", NULL, "Tỷ lệ trẻ em được tiêm chủng đầy đủ"}}},
    {VI,
     "Công ty được giao kế hoạch doanh thu đạt 500 tỷ đồng.",
     {{"500 tỷ đồng", 500e9, 0, "đồng", NULL, "giao kế hoạch doanh thu"}}},
    {VI,
     "Độ mặn đo được trên địa bàn huyện Ba Tri sáng 12/3 lên tới 4,5‰.",
     {{"4,5‰", 4.5, 0, "‰", "lên tới", "Độ mặn"}}},
    {VI,
     "Giá heo hơi tại Đồng Nai ở mức 60.000 đồng/kg.",
     {{"60.000 đồng/kg", 60000, 0, "đồng/kg", NULL, "Giá heo hơi"}}},
    {VI,
     "Giá thu mua lúa tại ruộng đạt 7.000 đồng/kg.",
     {{"7.000 đồng/kg", 7000, 0, "đồng/kg", NULL, "Giá thu mua lúa"}}},
    {VI,
     "Ông Nam, Phó Chủ tịch VFA, dự báo cả năm 2023 xuất khẩu gạo có thể đạt 8 triệu tấn.",
     {{"8 triệu tấn", 8000000, 0, "tấn", NULL, "xuất khẩu gạo"}}},
    {EN, "Durian exports to China surge 70%.", {{"70%", 70, 0, "%", NULL, "Durian exports"}}},
    /* An amount in brackets between a figure and its second unit: the unit goes for both. */
    {EN,
     "Robusta beans traded at VND118,000 ($4.64) per kilogram.",
     {{"VND118,000", 118000, 0, "đồng/kg", NULL, "Robusta beans"},
      {"$4.64", 4.64, 0, "USD/kg", NULL, "Robusta beans"}}},
    {EN,
     "Prices rose to VND50,000 (up 5%) per kg.",
     {{"VND50,000", 50000, 0, "đồng", NULL, "Prices"}, {"5%", 5, 0, "%", NULL, NULL}}},
    /* Ages in English take the unit "tuổi", as "53 tuổi" does; as an adjective, the noun after
     * it is what it describes. */
    {EN,
     "The 53-year-old man was arrested; his son is 19 years old.",
     {{"53-year-old", 53, 0, "tuổi", NULL, "man"}, {"19 years old", 19, 0, "tuổi", NULL, "son"}}},
    {EN,
     "Thai durian fetches up to VND120,000 a kilogram, and vegetable exports could hit $6 "
     "billion.",
     {{"VND120,000 a kilogram", 120000, 0, "đồng/kg", "up to", "Thai durian fetches"},
      {"$6 billion", 6e9, 0, "USD", NULL, "vegetable exports"}}},
    {VI, "Quốc lộ bị chia cắt tại 9 điểm.", {{"9", 9, 0, NULL, NULL, "điểm"}}},
    {EN, "Imports in October rose 9.3%.", {{"9.3%", 9.3, 0, "%", NULL, "Imports"}}},
    /* A date without digits far before the figure is still a date: the subject starts after
     * it ("last week", not "week the government"). */
    {EN,
     "Officials said last week the government targets economic growth of 6.0%-6.5%.",
     {{"6.0%-6.5%", 6, 6.5, "%", NULL, "the government targets economic growth"}}},
    {EN,
     "Exports rose 6.7% in October from a year earlier to $32.4 billion.",
     {{"6.7%", 6.7, 0, "%", NULL, "Exports"},
      {"$32.4 billion", 32400000000.0, 0, "USD", NULL, "Exports"}}},
    {EN,
     "HPG shares lost 2.3 percent to VND27,600 a share.",
     {{"2.3 percent", 2.3, 0, "%", NULL, "HPG shares"},
      {"VND27,600 a share", 27600, 0, "đồng/cổ phiếu", NULL, "HPG shares"}}},
    {EN,
     "Rice fetched $650 per tonne and 5.1 percent a year ago.",
     {{"$650 per tonne", 650, 0, "USD/tấn", NULL, "Rice"},
      {"5.1 percent", 5.1, 0, "%", NULL, NULL}}},
    {EN,
     "The bank cut its rate by 50 basis points to 4.5 percent.",
     {{"50 basis points", 50, 0, "điểm cơ bản", NULL, "rate"},
      {"4.5 percent", 4.5, 0, "%", NULL, "rate"}}},
    {EN,
     "Arrivals rose to 10.2 million, a 4.7-fold increase.",
     {{"10.2 million", 10200000, 0, NULL, NULL, "Arrivals"},
      {"4.7-fold", 4.7, 0, "lần", NULL, NULL}}},
    {EN,
     "GDP growth slowed to 4.24 percent in the third quarter from 5.1 percent a year ago.",
     {{"4.24 percent", 4.24, 0, "%", NULL, "GDP growth"},
      {"5.1 percent", 5.1, 0, "%", NULL, "GDP growth"}}},
    {VI,
     "Giá vàng SJC ở mức 70,5 triệu đồng/lượng.",
     {{"70,5 triệu đồng/lượng", 70500000, 0, "đồng/lượng", NULL, "Giá vàng SJC"}}},
    {EN,
     "The VN-Index fell 12.35 points.",
     {{"12.35 points", 12.35, 0, "điểm", NULL, "The VN-Index"}}},
    {EN,
     "Temperatures hit 38 degrees Celsius.",
     {{"38 degrees Celsius", 38, 0, "°C", NULL, "Temperatures"}}},

    /* English. */
    {EN, "Vietnam exported 9,720 tons of rice.", {{"9,720 tons", 9720, 0, "tấn", NULL, "rice"}}},
    {EN, "Retail sales rose 12.5% last month.", {{"12.5%", 12.5, 0, "%", NULL, "Retail sales"}}},
    {EN,
     "The deal is worth $53.5 million.",
     {{"$53.5 million", 53500000, 0, "USD", NULL, "The deal"}}},
    {EN, "GDP reached 1.3 trillion dong.", {{"1.3 trillion dong", 1.3e12, 0, "đồng", NULL, "GDP"}}},
    {EN, "FDI hit US$2 billion.", {{"US$2 billion", 2e9, 0, "USD", NULL, "FDI"}}},
    {EN, "The budget is VND5 trillion.", {{"VND5 trillion", 5e12, 0, "đồng", NULL, "The budget"}}},
    {EN, "It costs VND 200,000 per night.", {{"VND 200,000", 200000, 0, "đồng", NULL, NULL}}},
    {EN,
     "More than 100 people attended.",
     {{"100 people", 100, 0, "người", "more than", "people"}}},
    {EN,
     "About 2,000 households were affected.",
     {{"2,000 households", 2000, 0, "hộ", "about", "households"}}},
    {EN, "Nearly 50 percent of farms.", {{"50 percent", 50, 0, "%", "nearly", "farms"}}},
    {EN, "Prices rose up to 30%.", {{"30%", 30, 0, "%", "up to", "Prices"}}},
    {EN,
     "Almost 1 million visitors came.",
     {{"1 million", 1000000, 0, NULL, "almost", "visitors came"}}},
    {EN,
     "The fund grew to 1,234,567 dollars.",
     {{"1,234,567 dollars", 1234567, 0, "USD", NULL, "The fund"}}},
    {EN, "Shares cost $5-7 million in total.", {{"$5-7 million", 5e6, 7e6, "USD", NULL, "Shares"}}},
    {EN, "Growth was between 5 and 7 percent.", {{"5 and 7 percent", 5, 7, "%", NULL, "Growth"}}},
    /* "per hectare" makes the compound unit Vietnamese copy writes "tấn/ha". */
    {EN,
     "Yields rose from 10 to 20 tons per hectare.",
     {{"10 to 20 tons per hectare", 10, 20, "tấn/ha", NULL, "Yields"}}},
    {EN,
     "GDP grew 6.42%, compared to 5.64% a year earlier.",
     {{"6.42%", 6.42, 0, "%", NULL, "GDP"}, {"5.64%", 5.64, 0, "%", NULL, NULL}}},
    {EN,
     "The farm covers 2.5 hectares.",
     {{"2.5 hectares", 2.5, 0, "ha", NULL, "The farm covers"}}},
    {EN, "Under Decree 100 in District 1, COVID-19 cases fell in 2023.", NONE},
    {EN, "Route 1A, No. 5, at 10:30 a.m., the 1st and Top 10.", NONE},
    {EN, "Call 0913 123 456 or +84 28 3822 1234.", NONE},
    {EN, "A 10-year plan for 3 years.", NONE},

    /* A comparison after a comma ("cao hơn", "nhiều hơn") compares the same subject; the
     * adjective is not what is counted. */
    {VI,
     "Giá lúa hiện ở mức 7.800 - 8.200 đồng/kg, cao hơn cùng kỳ năm trước khoảng 1.200 "
     "đồng/kg.",
     {{"7.800 - 8.200 đồng/kg", 7800, 8200, "đồng/kg", NULL, "Giá lúa"},
      {"1.200 đồng/kg", 1200, 0, "đồng/kg", "khoảng", "Giá lúa"}}},
    {VI,
     "Sản lượng cá đạt 3.500 tấn, nhiều hơn năm ngoái 400 tấn.",
     {{"3.500 tấn", 3500, 0, "tấn", NULL, "Sản lượng cá"},
      {"400 tấn", 400, 0, "tấn", NULL, "Sản lượng cá"}}},
    /* A figure in brackets right after another restates it; ", lên" continues a change. */
    {VI,
     "Giá dầu Brent tăng 1,86 USD, lên 86,75 USD/thùng.",
     {{"1,86 USD", 1.86, 0, "USD", NULL, "Giá dầu Brent"},
      {"86,75 USD/thùng", 86.75, 0, "USD/thùng", NULL, "Giá dầu Brent"}}},
    /* A count of people with nothing after it is said by what happened to them; a change
     * after it keeps that. */
    {VI,
     "Cả nước xảy ra 1.842 vụ tai nạn giao thông, làm chết 1.031 người, giảm 7,3% so với cùng "
     "kỳ; bị thương 512 người dân.",
     {{"1.842 vụ", 1842, 0, "vụ", NULL, "vụ tai nạn giao thông"},
      {"1.031 người", 1031, 0, "người", NULL, "làm chết"},
      {"7,3%", 7.3, 0, "%", NULL, "làm chết"},
      {"512 người", 512, 0, "người", NULL, "người dân"}}},
    {VI,
     "Giá vàng SJC ở mức 78,5 triệu đồng/lượng, cao hơn thế giới 16 triệu đồng/lượng.",
     {{"78,5 triệu đồng/lượng", 78500000, 0, "đồng/lượng", NULL, "Giá vàng SJC"},
      {"16 triệu đồng/lượng", 16000000, 0, "đồng/lượng", NULL, "Giá vàng SJC"}}},
    /* What follows "hơn" is the baseline of the comparison, not the subject. */
    {VI, "Lượng mưa nhiều hơn trung bình 50 mm.", {{"50 mm", 50, 0, "mm", NULL, "Lượng mưa"}}},
    /* The words after a figure never stop inside a capitalized name. */
    {VI,
     "Toàn tỉnh có 12 hợp tác xã tham gia Đề án 1 triệu ha lúa chất lượng cao.",
     {{"12", 12, 0, NULL, NULL, "hợp tác xã tham gia"},
      {"1 triệu ha", 1000000, 0, "ha", NULL, "lúa chất lượng cao"}}},
    /* A name followed by its year is whole, not cut. */
    {VI,
     "Nông dân xuống giống 42.350 ha lúa vụ Đông Xuân 2023-2024, đạt 30% kế hoạch.",
     {{"42.350 ha", 42350, 0, "ha", NULL, "lúa vụ Đông Xuân"},
      {"30%", 30, 0, "%", NULL, "kế hoạch"}}},
    {VI,
     "Có 300 công nhân Công ty ABC đã nghỉ việc.",
     {{"300", 300, 0, NULL, NULL, "công nhân Công ty ABC"}}},
    /* A directive verb (bảo đảm, phấn đấu, yêu cầu) is not the subject. */
    {VI,
     "UBND tỉnh yêu cầu bảo đảm giải ngân vốn đầu tư công năm 2024 đạt trên 95%.",
     {{"95%", 95, 0, "%", "trên", "giải ngân vốn đầu tư công"}}},
    {VI, "Phấn đấu tỷ lệ hộ nghèo giảm còn 2%.", {{"2%", 2, 0, "%", NULL, "tỷ lệ hộ nghèo"}}},
    {VI,
     "Kế hoạch đề ra là 100 tỷ đồng; chỉ tiêu đề ra đạt 95%.",
     {{"100 tỷ đồng", 100000000000.0, 0, "đồng", NULL, "Kế hoạch"},
      {"95%", 95, 0, "%", NULL, "chỉ tiêu"}}},
    /* English: "rose X% ... to $Y", ", up X%": the same subject. */
    {EN,
     "Vietnam's exports rose 23.6% in the first two months of 2024 from a year earlier to "
     "$61.26 billion.",
     {{"23.6%", 23.6, 0, "%", NULL, "Vietnam's exports"},
      {"$61.26 billion", 61260000000.0, 0, "USD", NULL, "Vietnam's exports"}}},
    {EN,
     "Exports fell 5% to $20 billion from $21 billion a year earlier.",
     {{"5%", 5, 0, "%", NULL, "Exports"},
      {"$20 billion", 20000000000.0, 0, "USD", NULL, "Exports"},
      {"$21 billion", 21000000000.0, 0, "USD", NULL, "Exports"}}},
    {EN,
     "Winds of up to 149 kilometers per hour (92 mph) hit the coast.",
     {{"149 kilometers per hour", 149, 0, "km/h", "up to", "Winds"},
      {"92 mph", 92, 0, "mph", NULL, "Winds"}}},
    {EN,
     "Vietnam's GDP grew 5.05% in 2023, down from 8.02% in 2022.",
     {{"5.05%", 5.05, 0, "%", NULL, "Vietnam's GDP"},
      {"8.02%", 8.02, 0, "%", NULL, "Vietnam's GDP"}}},
    {EN,
     "Rice output reached 5 million tons, up 3% from 2023.",
     {{"5 million tons", 5000000, 0, "tấn", NULL, "Rice output"},
      {"3%", 3, 0, "%", NULL, "Rice output"}}},
    {EN,
     "Revenue increased 12% year-on-year to VND5 trillion.",
     {{"12%", 12, 0, "%", NULL, "Revenue"},
      {"VND5 trillion", 5000000000000.0, 0, "đồng", NULL, "Revenue"}}},

    /* Emergency numbers after a call or another phone number, ring roads and days listed
     * before a day and month are no figures. */
    {VI, "Người dân gọi đường dây nóng 0293.3870.115 hoặc 113; khi có cháy, gọi 114.", NONE},
    {VI, "Tuyến Vành đai 3 nối với Vành đai 1.", NONE},
    {VI, "Trong 2 ngày (15 và 16-9), mưa lớn.", NONE},
    {VI,
     "Tăng 5 hoặc 113 người.",
     {{"5", 5, 0, NULL, NULL, NULL}, {"113 người", 113, 0, "người", NULL, "người"}}},
    /* Units: containers, barrels, miles per hour, cases counted with "vụ". */
    {VI,
     "Công suất 500.000 TEU/năm, giá dầu 86,75 USD/thùng.",
     {{"500.000 TEU/năm", 500000, 0, "TEU/năm", NULL, "Công suất"},
      {"86,75 USD/thùng", 86.75, 0, "USD/thùng", NULL, "giá dầu"}}},
    {VI,
     "Cả nước xảy ra 1.842 vụ tai nạn giao thông.",
     {{"1.842 vụ", 1842, 0, "vụ", NULL, "vụ tai nạn giao thông"}}},
    {EN,
     "Winds reached 92 mph and Brent rose to 86.75 USD a barrel.",
     {{"92 mph", 92, 0, "mph", NULL, "Winds"},
      {"86.75 USD a barrel", 86.75, 0, "USD/thùng", NULL, "Brent"}}},
    {EN,
     "The firm raised VNĐ2.1 trillion.",
     {{"VNĐ2.1 trillion", 2100000000000.0, 0, "đồng", NULL, "The firm"}}},
    /* A half of a match and a grade are numbered, not counted; a result is no figure. */
    {VI, "Sang hiệp 2, đội khách gỡ hòa 1-1 ở phút 58.", NONE},
    {VI, "Bệnh nhi có biến chứng mức độ 2 và cấp độ 3.", NONE},
    {VI,
     "Tàu cá bị bắt cách đảo khoảng 12 hải lý.",
     {{"12 hải lý", 12, 0, "hải lý", "khoảng", "bắt cách đảo"}}},
    {VI,
     "Tỷ lệ trẻ tiêm đủ 2 mũi vắc xin sởi đạt 82%, với 30.000 liều được cấp.",
     {{"2 mũi", 2, 0, "mũi", NULL, "mũi vắc xin sởi"},
      {"82%", 82, 0, "%", NULL, "vắc xin sởi"},
      {"30.000 liều", 30000, 0, "liều", NULL, "liều"}}},
    {EN,
     "UNICEF supplied 500,000 doses and police seized 20 kilogrammes of drugs.",
     {{"500,000 doses", 500000, 0, "liều", NULL, "doses"},
      {"20 kilogrammes", 20, 0, "kg", NULL, "drugs"}}},
    {EN,
     "The vessel was seized 15 nautical miles from the island.",
     {{"15 nautical miles", 15, 0, "hải lý", NULL, "The vessel"}}},
    {VI,
     "Đoàn thể thao giành 136 HCV tại SEA Games 32.",
     {{"136 HCV", 136, 0, "HCV", NULL, "HCV"}}},
    /* English contexts: a hyphenated compound is one word, and hyphenated modifiers listed
     * with commas describe the same noun; prepositions and comparatives are never a context. */
    {EN,
     "Farmers have planted more than 180,000 hectares of high-quality, low-emission rice.",
     {{"180,000 hectares", 180000, 0, "ha", "more than", "high-quality, low-emission rice"}}},
    {EN,
     "The firm bought 2,000 tonnes of rice, maize and cassava.",
     {{"2,000 tonnes", 2000, 0, "tấn", NULL, "rice"}}},
    {EN,
     "The programme covers 300 hectares of state-owned land.",
     {{"300 hectares", 300, 0, "ha", NULL, "state-owned land"}}},
    /* A figure after "at" and a verb of level: the subject stands before the verb. */
    {EN,
     "Export prices are expected to stay at around $520 per tonne until the end of the year.",
     {{"$520 per tonne", 520, 0, "USD/tấn", "around", "Export prices"}}},
    /* The subject holds the figure before: "prices of 5 per cent broken rice". */
    {EN,
     "The association expects export prices of 5 per cent broken rice to stay at around $520 "
     "per tonne.",
     {{"5 per cent", 5, 0, "%", NULL, "broken rice"},
      {"$520 per tonne", 520, 0, "USD/tấn", "around", "export prices of 5 per cent broken rice"}}},
    {EN,
     "The company's shares closed at VND27,600 on Friday.",
     {{"VND27,600", 27600, 0, "đồng", NULL, "The company's shares"}}},
    /* "at" after a comma: no subject stands before the verb, which stays. */
    {EN,
     "Shares fell 1 percent, to close at 1,108.5 points.",
     {{"1 percent", 1, 0, "%", NULL, "Shares"},
      {"1,108.5 points", 1108.5, 0, "điểm", NULL, "close"}}},
    /* A past tense right before the figure links it to the subject before it. */
    {EN,
     "Farmers in the programme earned about 15 per cent more than those growing rice.",
     {{"15 per cent", 15, 0, "%", "about", "Farmers"}}},
    {EN,
     "The Ministry of Health has allocated VND1.2 trillion for the campaign.",
     {{"VND1.2 trillion", 1.2e12, 0, "đồng", NULL, "The Ministry of Health"}}},
    {EN,
     "Samsung, which makes half of its phones here, has invested some US$5.5 billion.",
     {{"US$5.5 billion", 5.5e9, 0, "USD", "some", "invested"}}},
    /* "more" after a figure: "60 more officers" counts officers; "more than" is no context. */
    {EN, "The unit deployed 60 more officers.", {{"60", 60, 0, NULL, NULL, "officers"}}},
    {EN,
     "About 4,500 people crossed the border and 12,000 fans filled the stadium.",
     {{"4,500 people", 4500, 0, "người", "about", "people"},
      {"12,000", 12000, 0, NULL, NULL, "fans"}}},
    {EN,
     "The country shipped 7.4 million tonnes of rice worth $4.6 billion.",
     {{"7.4 million tonnes", 7400000, 0, "tấn", NULL, "rice"},
      {"$4.6 billion", 4.6e9, 0, "USD", NULL, "rice"}}},
    {EN, "Officials checked 120 gates along the border.", {{"120", 120, 0, NULL, NULL, "gates"}}},
    /* A participle after the counted noun is not what is counted; a state is. */
    {EN,
     "Vietnam aims to have 100 startups working in AI.",
     {{"100", 100, 0, NULL, NULL, "startups"}}},
    {EN,
     "The flood killed 48 people and left 49 others missing.",
     {{"48 people", 48, 0, "người", NULL, "people"}, {"49", 49, 0, NULL, NULL, "others missing"}}},
    /* A modal and its verb link the figure to the subject before them; a pronoun is none. */
    {EN,
     "Officials said the city would invest VND1.3 trillion in buses.",
     {{"VND1.3 trillion", 1.3e12, 0, "đồng", NULL, "the city"}}},
    {EN,
     "It would invest VND2 trillion.",
     {{"VND2 trillion", 2e12, 0, "đồng", NULL, "would invest"}}},
    /* A participle after a comma describes the noun before the comma. */
    {EN,
     "The stadium, upgraded at a cost of VND150 billion, reopened.",
     {{"VND150 billion", 150e9, 0, "đồng", NULL, "The stadium"}}},
    {EN,
     "The province plans to open the Lao Bao Bridge, built at a cost of VND120 billion.",
     {{"VND120 billion", 120e9, 0, "đồng", NULL, "the Lao Bao Bridge"}}},
    /* "5G" names a technology: the words after it still say what is counted. */
    {EN,
     "Operators have installed more than 8,000 5G base stations.",
     {{"8,000", 8000, 0, NULL, "more than", "5G base stations"}}},
    /* ... while a second number with a unit stops the words read after a figure. */
    {EN,
     "The firm sold 300 500ml bottles.",
     {{"300", 300, 0, NULL, NULL, "The firm sold"}, {"500ml", 500, 0, "ml", NULL, "bottles"}}},
    {VI, "Vùng Cảnh sát biển 4 và Quân khu 9 phối hợp diễn tập.", NONE},
    {VI, "Bệnh nhi được chuyển đến Bệnh viện Nhi đồng 1 và Bệnh viện Quân y 175.", NONE},
    /* Storm bulletins (session 8): a position on the map is no figure; wind levels ("cấp 16")
     * are none either, the speed in brackets after one reads the subject before it. */
    {VI, "Tâm bão ở vào khoảng vĩ độ 19,6 độ Bắc; 110,6 độ Kinh Đông.", NONE},
    {VI,
     "Tâm bão ở khoảng 20,8 độ Vĩ Bắc; 107,6 độ Kinh Đông, cách Quảng Ninh 400 km.",
     {{"400 km", 400, 0, "km", NULL, "cách Quảng Ninh"}}},
    {EN, "The storm was at 19.6 degrees north latitude and 110.6 degrees east longitude.", NONE},
    {VI,
     "Sức gió mạnh nhất vùng gần tâm bão mạnh cấp 16 (184-201 km/h), giật trên cấp 17.",
     {{"184-201 km/h", 184, 201, "km/h", NULL, "Sức gió"}}},
    /* "mỗi giờ đi được N km" is a speed; what moves is the subject of "di chuyển". */
    {VI,
     "Bão di chuyển theo hướng Tây Tây Bắc, mỗi giờ đi được 15-20 km.",
     {{"15-20 km", 15, 20, "km/h", NULL, "Bão"}}},
    {VI,
     "Áp thấp nhiệt đới tiếp tục di chuyển chậm, mỗi giờ đi được khoảng 5 km.",
     {{"5 km", 5, 0, "km/h", "khoảng", "Áp thấp nhiệt đới"}}},
    /* A cause between a subject and its measure: "nước dâng do bão cao". */
    {VI,
     "Vùng ven biển có nước dâng do bão cao 0,5-1 m.",
     {{"0,5-1 m", 0.5, 1, "m", NULL, "nước dâng"}}},
    /* After a comma, the same reading elsewhere keeps its subject: a hedge or a place. */
    {VI,
     "Lượng mưa phổ biến 150-300 mm, có nơi trên 400 mm.",
     {{"150-300 mm", 150, 300, "mm", NULL, "Lượng mưa phổ biến"},
      {"400 mm", 400, 0, "mm", "trên", "Lượng mưa phổ biến"}}},
    {VI,
     "Lượng mưa đo được tại trạm Bảo Yên là 287 mm, tại xã Mường Hum hơn 320 mm.",
     {{"287 mm", 287, 0, "mm", NULL, "Lượng mưa"}, {"320 mm", 320, 0, "mm", "hơn", "Lượng mưa"}}},
    {VI,
     "Giá lúa đạt 7.000 đồng/kg, tại đây có 200 người.",
     {{"7.000 đồng/kg", 7000, 0, "đồng/kg", NULL, "Giá lúa"},
      {"200 người", 200, 0, "người", NULL, "người"}}},
    /* "phổ biến" after a period links the figure to the subject before the period. */
    {VI,
     "Tổng lượng mưa trong 48 giờ qua phổ biến 250-400 mm.",
     {{"250-400 mm", 250, 400, "mm", NULL, "Tổng lượng mưa"}}},
    {VI,
     "Đỉnh lũ sông Trà Khúc có khả năng đạt 8,2 m.",
     {{"8,2 m", 8.2, 0, "m", NULL, "Đỉnh lũ sông Trà Khúc"}}},
    /* An owner after "của" never is what is counted. */
    {VI,
     "Tổng mức đầu tư của dự án khoảng 43.734 tỷ đồng.",
     {{"43.734 tỷ đồng", 43734e9, 0, "đồng", "khoảng", "Tổng mức đầu tư"}}},
    /* A road between two places in the subject. */
    {VI,
     "Cao tốc Cam Lộ - La Sơn dài 98,35 km.",
     {{"98,35 km", 98.35, 0, "km", NULL, "Cao tốc Cam Lộ - La Sơn dài"}}},
    /* The injured are counted apart from the dead. */
    {VI,
     "Vụ tai nạn khiến 2 người tử vong, 11 người bị thương.",
     {{"2 người", 2, 0, "người", NULL, "người tử vong"},
      {"11 người", 11, 0, "người", NULL, "người bị thương"}}},
    /* A bus named by its seats, a project board by its number: no figures. */
    {VI, "Có 1 xe khách 32 chỗ đang lưu thông.", {{"1", 1, 0, NULL, NULL, "xe khách"}}},
    {VI,
     "Theo Ban Quản lý dự án 85, tuyến dài 125 km.",
     {{"125 km", 125, 0, "km", NULL, "tuyến dài"}}},
    /* English units of weather and of roads. */
    {EN,
     "Winds reached up to 133 kph, with 200-400 millimeters of rain.",
     {{"133 kph", 133, 0, "km/h", "up to", "Winds"},
      {"200-400 millimeters", 200, 400, "mm", NULL, "rain"}}},
    {EN, "The 4,000-metre runway was completed.", {{"4,000-metre", 4000, 0, "m", NULL, "runway"}}},
    /* Finance (session 8): rates per dollar, gold per lượng, chỉ and ounce, "quanh", "±",
     * gold fineness, a change and where it went ("lên", "xuống"), "mà" clauses, counted months
     * before a figure, "thực hiện", "trong nước", "nước ngoài". */
    {VI,
     "Tỷ giá trung tâm hôm nay là 24.250 đồng/USD.",
     {{"24.250 đồng/USD", 24250, 0, "đồng/USD", NULL, "Tỷ giá trung tâm"}}},
    {VI,
     "Giá vàng miếng ở mức 85,5 - 87,5 triệu đồng/lượng.",
     {{"85,5 - 87,5 triệu đồng/lượng", 85500000, 87500000, "đồng/lượng", NULL, "Giá vàng miếng"}}},
    {VI,
     "Giá bán lẻ vàng nhẫn là 8,6 triệu đồng/chỉ.",
     {{"8,6 triệu đồng/chỉ", 8600000, 0, "đồng/chỉ", NULL, "Giá bán lẻ vàng nhẫn"}}},
    {VI,
     "Giá vàng thế giới tăng 0,6% lên 2.665 USD một ounce.",
     {{"0,6%", 0.6, 0, "%", NULL, "Giá vàng thế giới"},
      {"2.665 USD một ounce", 2665, 0, "USD/ounce", NULL, "Giá vàng thế giới"}}},
    {VI,
     "Giá vàng nhẫn 9999 tăng 300.000 đồng.",
     {{"300.000 đồng", 300000, 0, "đồng", NULL, "Giá vàng nhẫn"}}},
    {VI,
     "Giá vàng miếng tăng 500.000 đồng mỗi lượng sáng nay.",
     {{"500.000 đồng mỗi lượng", 500000, 0, "đồng/lượng", NULL, "Giá vàng miếng"}}},
    {VI,
     "Giá vàng nhẫn quanh 84 - 85,7 triệu đồng.",
     {{"84 - 85,7 triệu đồng", 84000000, 85700000, "đồng", "quanh", "Giá vàng nhẫn"}}},
    {VI,
     "Với biên độ ±5%, tỷ giá trần là 25.462 đồng/USD.",
     {{"±5%", 5, 0, "%", NULL, "biên độ"},
      {"25.462 đồng/USD", 25462, 0, "đồng/USD", NULL, "tỷ giá trần"}}},
    {VI,
     "Tỷ giá trần mà các ngân hàng được áp dụng là 25.462 đồng/USD.",
     {{"25.462 đồng/USD", 25462, 0, "đồng/USD", NULL, "Tỷ giá trần"}}},
    {VI,
     "VN-Index tăng 12,35 điểm (0,98%) lên 1.265,4 điểm.",
     {{"12,35 điểm", 12.35, 0, "điểm", NULL, "VN-Index"},
      {"0,98%", 0.98, 0, "%", NULL, "VN-Index"},
      {"1.265,4 điểm", 1265.4, 0, "điểm", NULL, "VN-Index"}}},
    {VI,
     "Chi phí dự phòng giảm 37% xuống 1.050 tỷ đồng.",
     {{"37%", 37, 0, "%", NULL, "Chi phí dự phòng"},
      {"1.050 tỷ đồng", 1050000000000.0, 0, "đồng", NULL, "Chi phí dự phòng"}}},
    {VI,
     "Lãi suất qua đêm giảm 0,15 điểm phần trăm xuống 3,85%/năm.",
     {{"0,15 điểm phần trăm", 0.15, 0, "điểm phần trăm", NULL, "Lãi suất"},
      {"3,85%/năm", 3.85, 0, "%/năm", NULL, "Lãi suất"}}},
    {VI,
     "Lợi nhuận trước thuế 9 tháng đạt 26.700 tỷ đồng.",
     {{"26.700 tỷ đồng", 26700000000000.0, 0, "đồng", NULL, "Lợi nhuận trước thuế"}}},
    {VI,
     "Vốn thực hiện ước đạt 18,8 tỷ USD.",
     {{"18,8 tỷ USD", 18800000000.0, 0, "USD", NULL, "Vốn thực hiện"}}},
    {VI,
     "Giá vàng miếng trong nước đã tăng khoảng 18%.",
     {{"18%", 18, 0, "%", "khoảng", "Giá vàng miếng trong nước"}}},
    {VI,
     "Toàn tỉnh thu hút 4,25 tỷ USD vốn đầu tư trực tiếp nước ngoài.",
     {{"4,25 tỷ USD", 4250000000.0, 0, "USD", NULL, "vốn đầu tư trực tiếp nước ngoài"}}},
    /* Setting a target: what the target measures follows "đặt mục tiêu" or "đặt chỉ tiêu". */
    {VI,
     "Ngân hàng đặt mục tiêu lợi nhuận trước thuế tăng tối thiểu 5%.",
     {{"5%", 5, 0, "%", "tối thiểu", "lợi nhuận trước thuế"}}},
    {VI,
     "Công ty đặt chỉ tiêu doanh thu đạt 500 tỷ đồng.",
     {{"500 tỷ đồng", 500e9, 0, "đồng", NULL, "doanh thu"}}},
    {VI, "Mục tiêu tăng trưởng 8% cả năm.", {{"8%", 8, 0, "%", NULL, "Mục tiêu tăng trưởng"}}},
    {EN,
     "SJC raised its price to VND85.5-87.5 million per tael.",
     {{"VND85.5-87.5 million per tael", 85500000, 87500000, "đồng/lượng", NULL, "price"}}},
    {EN,
     "The State Bank set the rate at VND24,250 per dollar.",
     {{"VND24,250 per dollar", 24250, 0, "đồng/USD", NULL, "the rate"}}},
    {EN,
     "The dong traded at 25,420 per dollar.",
     {{"25,420 per dollar", 25420, 0, "đồng/USD", NULL, "The dong"}}},
    {EN,
     "Vietnam attracted $28.5 billion in foreign direct investment pledges.",
     {{"$28.5 billion", 28500000000.0, 0, "USD", NULL, "foreign direct investment pledges"}}},
    {EN,
     "The firm raised $5 billion in Vietnam.",
     {{"$5 billion", 5000000000.0, 0, "USD", NULL, "The firm"}}},
    {EN,
     "Spot gold rose 0.6% to $2,665 an ounce.",
     {{"0.6%", 0.6, 0, "%", NULL, "Spot gold"},
      {"$2,665 an ounce", 2665, 0, "USD/ounce", NULL, "Spot gold"}}},
    /* Economy and finance (session 8): exchange rates per dollar, gold per ounce, rates per
     * year, the object of a verb that keeps a level, the purity of gold, net buying. */
    {VI,
     "NHNN niêm yết tỷ giá trung tâm ở mức 24.250 đồng/USD.",
     {{"24.250 đồng/USD", 24250, 0, "đồng/USD", NULL, "tỷ giá trung tâm"}}},
    {VI,
     "NHNN giữ nguyên lãi suất tái cấp vốn ở mức 4,5%/năm.",
     {{"4,5%/năm", 4.5, 0, "%/năm", NULL, "lãi suất tái cấp vốn"}}},
    {VI,
     "Giá vàng thế giới giảm xuống 2.658 USD/ounce.",
     {{"2.658 USD/ounce", 2658, 0, "USD/ounce", NULL, "Giá vàng thế giới"}}},
    {VI,
     "Đồng bạc xanh được giao dịch quanh 25.900 - 25.980 đồng.",
     {{"25.900 - 25.980 đồng", 25900, 25980, "đồng", "quanh", "Đồng bạc xanh được giao dịch"}}},
    {VI,
     "Giá vàng nhẫn 9999 của SJC giảm 1,2 triệu đồng/lượng.",
     {{"1,2 triệu đồng/lượng", 1200000, 0, "đồng/lượng", NULL, "Giá vàng nhẫn"}}},
    {VI,
     "Chỉ số VN30 tăng 15,2 điểm lên 1.298,76 điểm.",
     {{"15,2 điểm", 15.2, 0, "điểm", NULL, "Chỉ số VN30"},
      {"1.298,76 điểm", 1298.76, 0, "điểm", NULL, "Chỉ số VN30"}}},
    {VI,
     "Khối ngoại mua ròng 356 tỷ đồng, tập trung vào FPT (125 tỷ đồng).",
     {{"356 tỷ đồng", 356e9, 0, "đồng", NULL, "Khối ngoại mua ròng"},
      {"125 tỷ đồng", 125e9, 0, "đồng", NULL, "tập trung vào FPT"}}},
    {VI,
     "Nhà đầu tư nước ngoài đã bán ròng hơn 47.000 tỷ đồng.",
     {{"47.000 tỷ đồng", 47000e9, 0, "đồng", "hơn", "Nhà đầu tư nước ngoài"}}},
    {VI,
     "Tỷ giá trần mà các ngân hàng được phép áp dụng là 25.462 đồng/USD.",
     {{"25.462 đồng/USD", 25462, 0, "đồng/USD", NULL, "Tỷ giá trần"}}},
    {VI,
     "Lãi suất huy động tại các ngân hàng cổ phần phổ biến 4,7-5,2%/năm.",
     {{"4,7-5,2%/năm", 4.7, 5.2, "%/năm", NULL, "Lãi suất huy động"}}},
    /* Income named by its source, nouns that hold an adverb, a subject cut by the word limit. */
    {VI,
     "Thu từ dầu thô đạt 51,2 nghìn tỷ đồng.",
     {{"51,2 nghìn tỷ đồng", 51200e9, 0, "đồng", NULL, "Thu từ dầu thô"}}},
    {VI,
     "Lãi thuần từ hoạt động dịch vụ đạt 1.710 tỷ đồng.",
     {{"1.710 tỷ đồng", 1710e9, 0, "đồng", NULL, "Lãi thuần từ hoạt động dịch vụ"}}},
    {VI,
     "Vốn FDI thực hiện ước đạt 17,34 tỷ USD, vốn đăng ký cấp mới đạt 13,42 tỷ USD.",
     {{"17,34 tỷ USD", 17.34e9, 0, "USD", NULL, "Vốn FDI thực hiện"},
      {"13,42 tỷ USD", 13.42e9, 0, "USD", NULL, "vốn đăng ký cấp mới"}}},
    {VI,
     "Kim ngạch xuất nhập khẩu hàng hóa 9 tháng đạt 578,5 tỷ USD.",
     {{"578,5 tỷ USD", 578.5e9, 0, "USD", NULL, "Kim ngạch xuất nhập khẩu hàng hóa"}}},
    {VI,
     "Tổng sản phẩm trong nước (GDP) ước tăng 7,4%.",
     {{"7,4%", 7.4, 0, "%", NULL, "Tổng sản phẩm trong nước"}}},
    {VI,
     "Khu vực công nghiệp và xây dựng tăng 8,19%.",
     {{"8,19%", 8.19, 0, "%", NULL, "Khu vực công nghiệp và xây dựng"}}},
    /* A second change of the same subject after a comparison, a share's baseline, "lên". */
    {VI,
     "CPI tháng 9 tăng 0,29% so với tháng trước và tăng 2,63% so với cùng kỳ.",
     {{"0,29%", 0.29, 0, "%", NULL, "CPI"}, {"2,63%", 2.63, 0, "%", NULL, "CPI"}}},
    {VI,
     "Xuất khẩu đạt 35 tỷ USD, tăng 4,2% so với cùng kỳ năm 2023 và tăng 1,5% so với tháng "
     "trước.",
     {{"35 tỷ USD", 35e9, 0, "USD", NULL, "Xuất khẩu"},
      {"4,2%", 4.2, 0, "%", NULL, "Xuất khẩu"},
      {"1,5%", 1.5, 0, "%", NULL, "Xuất khẩu"}}},
    {VI,
     "Tỷ lệ nợ xấu tăng từ 1,27% lên 1,6%.",
     {{"1,27%", 1.27, 0, "%", NULL, "Tỷ lệ nợ xấu"}, {"1,6%", 1.6, 0, "%", NULL, "Tỷ lệ nợ xấu"}}},
    {VI,
     "Bội chi ngân sách năm 2024 được Quốc hội quyết định ở mức 3,6% GDP.",
     {{"3,6%", 3.6, 0, "%", NULL, "Bội chi ngân sách"}}},
    {VI,
     "Lạm phát cơ bản tăng 2,69%, thấp hơn mục tiêu 4-4,5%.",
     {{"2,69%", 2.69, 0, "%", NULL, "Lạm phát cơ bản"}, {"4-4,5%", 4, 4.5, "%", NULL, "mục tiêu"}}},
    /* Millions of "đơn vị" say nothing of what they are; a count of bodies stays one. */
    {VI,
     "SSI tăng trần lên 35.650 đồng, khối lượng khớp lệnh hơn 42 triệu đơn vị.",
     {{"35.650 đồng", 35650, 0, "đồng", NULL, "SSI tăng trần"},
      {"42 triệu", 42e6, 0, NULL, "hơn", "khối lượng khớp lệnh"}}},
    {VI, "Toàn tỉnh có 12 đơn vị.", {{"12", 12, 0, NULL, NULL, "đơn vị"}}},
    /* "cao hơn X so với Y": a difference, no "more than". */
    {VI,
     "Lãi suất huy động phổ biến 4,7-5,2%/năm, cao hơn 0,3-0,5 điểm phần trăm so với đầu năm.",
     {{"4,7-5,2%/năm", 4.7, 5.2, "%/năm", NULL, "Lãi suất huy động phổ biến"},
      {"0,3-0,5 điểm phần trăm", 0.3, 0.5, "điểm phần trăm", NULL, "Lãi suất huy động phổ biến"}}},
    {VI,
     "Nhiều hơn 500 người tham gia.",
     {{"500 người", 500, 0, "người", "hơn", "người tham gia"}}},
    /* English: per dollar, per ounce, a rate a year (not "a year ago"); what follows an
     * equivalent in brackets. */
    {EN,
     "It had sold 10.5 trillion dong ($413 million) of the bills on Tuesday.",
     {{"10.5 trillion dong", 10.5e12, 0, "đồng", NULL, "bills"},
      {"$413 million", 413e6, 0, "USD", NULL, "bills"}}},
    {EN,
     "The central bank set its reference rate at 24,250 dong per dollar.",
     {{"24,250 dong per dollar", 24250, 0, "đồng/USD", NULL, "reference rate"}}},
    {EN,
     "Gold rose to $2,658 an ounce.",
     {{"$2,658 an ounce", 2658, 0, "USD/ounce", NULL, "Gold"}}},
    {EN,
     "The refinancing rate stayed at 4.5 per cent a year.",
     {{"4.5 per cent a year", 4.5, 0, "%/năm", NULL, "The refinancing rate"}}},
    {EN,
     "Inflation was 3.5 percent a year ago.",
     {{"3.5 percent", 3.5, 0, "%", NULL, "Inflation"}}},
    /* English subjects: before "such as", a participle, an aside; a sector with "and". */
    {EN,
     "Deposit rates at State-owned banks such as Vietcombank and BIDV stayed at 4.6-4.7 per cent.",
     {{"4.6-4.7 per cent", 4.6, 4.7, "%", NULL, "Deposit rates"}}},
    {EN,
     "Foreign direct investment (FDI) disbursed in Vietnam in the first nine months reached "
     "US$17.34 billion.",
     {{"US$17.34 billion", 17.34e9, 0, "USD", NULL, "Foreign direct investment"}}},
    {EN,
     "Total registered FDI, including new projects and share purchases, reached $24.78 bn.",
     {{"$24.78 bn", 24.78e9, 0, "USD", NULL, "Total registered FDI"}}},
    {EN,
     "The processing and manufacturing sector attracted $15.4 billion.",
     {{"$15.4 billion", 15.4e9, 0, "USD", NULL, "The processing and manufacturing sector"}}},
    /* Held out in session 9: a lower bound written in full before a scaled upper one; a date
     * the scanner read inside a time phrase before the verb. */
    {VI,
     "Mỗi suất quà trị giá từ 500.000 đến 1 triệu đồng.",
     {{"500.000 đến 1 triệu đồng", 500000, 1000000, "đồng", NULL, "Mỗi suất quà trị giá"}}},
    {VI,
     "Lương công nhân từ 5 đến 7 triệu đồng.",
     {{"5 đến 7 triệu đồng", 5e6, 7e6, "đồng", NULL, "Lương công nhân"}}},
    {EN,
     "Tourism revenue in the January-November period was estimated at VND945 trillion.",
     {{"VND945 trillion", 945e12, 0, "đồng", NULL, "Tourism revenue"}}},
    {VI,
     "Lực lượng chức năng đã lập biên bản 1.246 trường hợp vi phạm.",
     {{"1.246", 1246, 0, NULL, NULL, "trường hợp vi phạm"}}},
    {VI, "Biên bản số 12 được lập lúc 9 giờ.", NONE},
    /* Society, culture, highlands (session 9): a range opened in words needs no unit; lab
     * values and salinity per litre; grams; "với giá" after what was bought or sold; durian. */
    {VI, "Mỗi ghe có từ 50 đến 60 tay bơi.", {{"50 đến 60", 50, 60, NULL, NULL, "tay bơi"}}},
    {VI,
     "Độ mặn tại cửa Định An là 12,5 g/l, hàm lượng clorua không vượt quá 250 mg/l.",
     {{"12,5 g/l", 12.5, 0, "g/l", NULL, "Độ mặn"},
      {"250 mg/l", 250, 0, "mg/l", "không vượt quá", "hàm lượng clorua"}}},
    {VI,
     "Men gan AST lên tới 3.250 U/L; chỉ cần ăn khoảng 50 g nấm tươi.",
     {{"3.250 U/L", 3250, 0, "U/L", "lên tới", "Men gan AST"},
      {"50 g", 50, 0, "g", "khoảng", "nấm tươi"}}},
    {VI,
     "Gia đình phải mua nước ngọt với giá 150.000 đồng/m3.",
     {{"150.000 đồng/m3", 150000, 0, "đồng/m3", NULL, "nước ngọt"}}},
    {VI,
     "Sầu riêng Ri6 loại A được thương lái thu mua với giá 72.000-75.000 đồng/kg.",
     {{"72.000-75.000 đồng/kg", 72000, 75000, "đồng/kg", NULL, "Sầu riêng Ri6 loại A"}}},
    {VI,
     "Nhóm này bán gỗ cho một xưởng ở TP.Lai Châu với giá 9 triệu đồng/m3.",
     {{"9 triệu đồng/m3", 9e6, 0, "đồng/m3", NULL, "giá"}}},
    {VI,
     "Giá sầu riêng đạt 80.000 đồng/kg.",
     {{"80.000 đồng/kg", 80000, 0, "đồng/kg", NULL, "Giá sầu riêng"}}},
    {VI,
     "Cùng với cà phê, giá hồ tiêu cũng duy trì ở mức cao, dao động 145.000-148.000 đồng/kg.",
     {{"145.000-148.000 đồng/kg", 145000, 148000, "đồng/kg", NULL, "giá hồ tiêu"}}},
    {VI,
     "Tỉnh có 12.300 ha lúa đông xuân, trong đó 2.150 ha có nguy cơ thiệt hại.",
     {{"12.300 ha", 12300, 0, "ha", NULL, "lúa đông xuân"},
      {"2.150 ha", 2150, 0, "ha", NULL, "lúa đông xuân"}}},
    {VI,
     "Giá lúa tăng 200 đồng/kg tại An Giang và 300 đồng/kg tại Đồng Tháp.",
     {{"200 đồng/kg", 200, 0, "đồng/kg", NULL, "Giá lúa"},
      {"300 đồng/kg", 300, 0, "đồng/kg", NULL, "Giá lúa"}}},
    {VI,
     "Năng suất lúa đạt 7 tấn lúa/ha.",
     {{"7 tấn lúa/ha", 7, 0, "tấn/ha", NULL, "Năng suất lúa"}}},
    {VI,
     "Tỷ lệ học sinh bỏ học giữa chừng giảm còn 0,8%.",
     {{"0,8%", 0.8, 0, "%", NULL, "Tỷ lệ học sinh bỏ học giữa chừng"}}},
    {EN,
     "Ninety-two households in the village sell pottery. Twelve people were hurt. One official "
     "said two of them left. Three years ago it flooded.",
     {{"Ninety-two households", 92, 0, "hộ", NULL, "households"},
      {"Twelve people", 12, 0, "người", NULL, "people"}}},
    {EN,
     "Customs seized 456 kg of elephant ivory hidden in a container.",
     {{"456 kg", 456, 0, "kg", NULL, "elephant ivory"}}},
    {EN,
     "Pangolin scales sell for up to $600 per kilogram in some Asian markets.",
     {{"$600 per kilogram", 600, 0, "USD/kg", "up to", "Pangolin scales"}}},
    {EN,
     "The festival generated an estimated VND12 billion (US$470,000) in tourism revenue.",
     {{"VND12 billion", 12e9, 0, "đồng", NULL, "tourism revenue"},
      {"US$470,000", 470000, 0, "USD", NULL, "tourism revenue"}}},

    /* Politics and government (session 9): comrades are counted, not paid; a trade "hai
     * chiều" is two-way, not the afternoon. */
    {VI, "Đại hội bầu Ban Chấp hành gồm 53 đồng chí.", {{"53", 53, 0, NULL, NULL, "đồng chí"}}},
    {VI,
     "Năm 2024, thương mại hai chiều đạt 16,7 tỷ USD.",
     {{"16,7 tỷ USD", 16.7e9, 0, "USD", NULL, "thương mại hai chiều"}}},
    /* A target's content longer than the phrase limit, closed by "đặt mục tiêu" before it. */
    {VI,
     "Nghị quyết đại hội đặt mục tiêu tốc độ tăng trưởng kinh tế bình quân đạt 10% trở lên.",
     {{"10%", 10, 0, "%", "trở lên", "tốc độ tăng trưởng kinh tế bình quân"}}},
    /* "N out of M deputies": both count the noun after the second number. */
    {EN,
     "The law passed with 441 out of 460 deputies voting in favour.",
     {{"441", 441, 0, NULL, NULL, "deputies"}, {"460", 460, 0, NULL, NULL, "deputies"}}},
    {VI,
     "Chiều 12/11, kim ngạch hai chiều cả năm ước đạt 3 tỷ USD.",
     {{"3 tỷ USD", 3e9, 0, "USD", NULL, "kim ngạch hai chiều"}}},
};

static const char *str_or_null(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void make_doc(struct enrich_doc *doc, enum enrich_lang lang, const char *text, size_t len)
{
    memset(doc, 0, sizeof(*doc));
    doc->lang = lang;
    /* Figures do not depend on the publication moment; give one so dates resolve as usual. */
    doc->published.known = true;
    doc->published.year = 2020;
    doc->published.month = 7;
    doc->published.day = 15;
    doc->published.hour = 21;
    doc->published.minute = 29;
    doc->published.tz_offset_minutes = 420;
    for (int i = 0; i < ENRICH_SEG_COUNT; i++) {
        doc->seg[i].s = "";
    }
    doc->seg[ENRICH_SEG_TEXT].s = text;
    doc->seg[ENRICH_SEG_TEXT].len = len;
}

/* Runs the dates part first, as enrich_article() does, and gives its spans to the figures. */
static int find_figures(const struct enrich_doc *doc, json_t *found)
{
    struct enrich_date_spans spans = {0};
    json_t *dates = json_array();
    int rc = dates == NULL ? ENRICH_ERR_NOMEM : enrich_dates_find(doc, dates, &spans);
    if (rc == 0) {
        rc = enrich_figures_find(doc, &spans, found);
    }
    json_decref(dates);
    enrich_date_spans_release(&spans);
    return rc;
}

static void print_figure(const char *label, json_t *v)
{
    char *d = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
    print_message("   %s %s\n", label, d ? d : "?");
    free(d);
}

static int run_case(const struct figure_case *c)
{
    struct enrich_doc doc;
    make_doc(&doc, c->lang, c->input, strlen(c->input));
    json_t *found = json_array();
    assert_non_null(found);
    assert_int_equal(find_figures(&doc, found), 0);
    size_t want = 0;
    while (want < 4 && c->out[want].text != NULL) {
        want++;
    }
    int bad = json_array_size(found) != want;
    for (size_t i = 0; !bad && i < want; i++) {
        json_t *v = json_array_get(found, i);
        const struct expect *e = &c->out[i];
        json_t *value = json_object_get(v, "value");
        json_t *max = json_object_get(v, "value_max");
        json_int_t start = json_integer_value(json_object_get(v, "start"));
        json_int_t end = json_integer_value(json_object_get(v, "end"));
        bad |= !same_str(str_or_null(v, "text"), e->text);
        bad |= !json_is_number(value) || json_number_value(value) != e->value;
        /* Whole values are JSON integers ("9.720" -> 9720, not 9720.0). */
        bad |= (e->value == floor(e->value)) != json_is_integer(value);
        bad |= e->value_max != 0 ? (!json_is_number(max) || json_number_value(max) != e->value_max)
                                 : max != NULL;
        bad |= !same_str(str_or_null(v, "unit"), e->unit) ||
               !json_is_string(json_object_get(v, "unit")) != (e->unit == NULL);
        bad |= !same_str(str_or_null(v, "qualifier"), e->qualifier) ||
               !json_is_string(json_object_get(v, "qualifier")) != (e->qualifier == NULL);
        bad |= !same_str(str_or_null(v, "context"), e->context) ||
               !json_is_string(json_object_get(v, "context")) != (e->context == NULL);
        bad |= start < 0 || end <= start || (size_t)(end - start) != strlen(e->text) ||
               strncmp(c->input + start, e->text, strlen(e->text)) != 0;
    }
    if (bad) {
        print_message("FAIL %s\n", c->input);
        for (size_t i = 0; i < want; i++) {
            const struct expect *e = &c->out[i];
            print_message("   expected \"%s\" %.17g %.17g %s %s \"%s\"\n", e->text, e->value,
                          e->value_max, e->unit ? e->unit : "null",
                          e->qualifier ? e->qualifier : "null", e->context ? e->context : "null");
        }
        size_t i;
        json_t *v;
        json_array_foreach(found, i, v)
        {
            print_figure("found", v);
        }
    }
    json_decref(found);
    return bad;
}

static void test_figure_table(void **state)
{
    (void)state;
    size_t n = sizeof(cases) / sizeof(cases[0]);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        failures += run_case(&cases[i]);
    }
    print_message("%zu figure cases, %d failed\n", n, failures);
    assert_true(n >= 100);
    assert_int_equal(failures, 0);
}

/* The seed's must-not list: none of these values may appear, whatever else is found. */
static void test_seed_must_not(void **state)
{
    (void)state;
    static const char seed[] =
        "(CT) - Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị tổng kết 10 năm thực hiện "
        "Quyết định 290-QĐ/TW của Bộ Chính trị (khóa X) về việc ban hành quy chế công tác dân "
        "vận của hệ thống chính trị; sơ kết công tác dân vận, thực hiện quy chế dân chủ 6 tháng "
        "đầu năm 2020.\nPhát biểu chỉ đạo tại hội nghị, đồng chí Phạm Văn Hiểu đề nghị theo Kết "
        "luận 114 của Ban Bí thư và Chỉ thị 16 của Thủ tướng Chính phủ.\nTrong 10 năm qua, các "
        "cấp ủy đảng tập trung chỉ đạo triển khai, cụ thể hóa Quyết định 290-QĐ/TW. Qua 10 năm "
        "thực hiện phong trào thi đua “Dân vận khéo” hệ thống dân vận các cấp đã xây dựng được "
        "9.720 điển hình “Dân vận khéo”...";
    static const double must_not[] = {290, 114, 16, 2020, 9.72, 10, 15, 7};
    struct enrich_doc doc;
    make_doc(&doc, VI, seed, strlen(seed));
    json_t *found = json_array();
    assert_int_equal(find_figures(&doc, found), 0);
    assert_int_equal(json_array_size(found), 1);
    json_t *f = json_array_get(found, 0);
    assert_string_equal(str_or_null(f, "text"), "9.720");
    assert_true(json_is_integer(json_object_get(f, "value")));
    assert_int_equal(json_integer_value(json_object_get(f, "value")), 9720);
    assert_non_null(strstr(str_or_null(f, "context"), "điển hình"));
    for (size_t i = 0; i < sizeof(must_not) / sizeof(must_not[0]); i++) {
        assert_true(json_number_value(json_object_get(f, "value")) != must_not[i]);
    }
    json_decref(found);
}

static const char *const fragments[] = {
    "9.720",   "98,7", "%",      "1,5",        "triệu",     "tỷ",      "đồng",     "người",
    "hộ",      "hơn",  "khoảng", "gần",        "-",         "–",       "/",        "kg",
    "đồng/kg", "từ",   "đến",    "Quyết định", "290-QĐ/TW", "số",      "0913",     "123",
    "456",     "2020", "năm",    "ngày",       "15/7/2020", "10 năm",  "COVID-19", "Quốc lộ",
    "1A",      "$",    "US$",    "VND",        "million",   "12.5",    "9,720",    "“",
    "”",       "…",    "m²",     "ha",         "km",        "Ð",       "\n",       "  ",
    ",",       ".",    "(",      ")",          "95.000",    "100.000", "7",        "7,5",
    "Đồng",    "Nai",  "U23",    "lần",        "thứ",       "2",       "tấn"};

static uint32_t rng_state = 777;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) & 0xFFFFFF;
}

static bool on_boundary(const char *s, size_t len, size_t pos)
{
    return pos == len || ((unsigned char)s[pos] & 0xC0) != 0x80;
}

static void test_spans_slice_exactly(void **state)
{
    (void)state;
    char text[2048];
    int bad = 0;
    size_t total = 0;
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        int words = 5 + (int)(rng() % 40);
        for (int w = 0; w < words; w++) {
            const char *f = fragments[rng() % (sizeof(fragments) / sizeof(fragments[0]))];
            size_t n = strlen(f);
            if (len + n + 2 >= sizeof(text)) {
                break;
            }
            memcpy(text + len, f, n);
            len += n;
            if (rng() % 3 != 0) {
                text[len++] = ' ';
            }
        }
        text[len] = '\0';
        struct enrich_doc doc;
        make_doc(&doc, round % 3 == 2 ? EN : VI, text, len);
        json_t *found = json_array();
        assert_int_equal(find_figures(&doc, found), 0);
        json_int_t prev_end = 0;
        size_t i;
        json_t *v;
        json_array_foreach(found, i, v)
        {
            json_int_t start = json_integer_value(json_object_get(v, "start"));
            json_int_t end = json_integer_value(json_object_get(v, "end"));
            const char *t = str_or_null(v, "text");
            const char *ctx = str_or_null(v, "context");
            json_t *value = json_object_get(v, "value");
            if (t == NULL || start < prev_end || end <= start || (size_t)end > len ||
                !on_boundary(text, len, (size_t)start) || !on_boundary(text, len, (size_t)end) ||
                strlen(t) != (size_t)(end - start) || memcmp(text + start, t, strlen(t)) != 0 ||
                !json_is_number(value) || !isfinite(json_number_value(value)) ||
                (ctx != NULL && strstr(text, ctx) == NULL)) {
                print_message("bad figure %lld-%lld \"%s\" in \"%s\"\n", (long long)start,
                              (long long)end, t ? t : "?", text);
                bad++;
            }
            prev_end = end;
            total++;
        }
        json_decref(found);
    }
    print_message("%zu figure spans checked\n", total);
    assert_true(total > 1000);
    assert_int_equal(bad, 0);
}

static void test_raw_bytes(void **state)
{
    (void)state;
    char text[512];
    int bad = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = 1 + rng() % (sizeof(text) - 1);
        for (size_t i = 0; i < len; i++) {
            uint32_t r = rng();
            text[i] = r % 3 == 0 ? "0123456789.,-/%$ "[r % 17] : (char)((r % 255) + 1);
        }
        text[len] = '\0';
        struct enrich_doc doc;
        make_doc(&doc, round % 2 ? EN : VI, text, len);
        json_t *found = json_array();
        assert_int_equal(find_figures(&doc, found), 0);
        size_t i;
        json_t *v;
        json_array_foreach(found, i, v)
        {
            bad += (size_t)json_integer_value(json_object_get(v, "end")) > len;
        }
        json_decref(found);
    }
    assert_int_equal(bad, 0);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct enrich_doc doc;
    make_doc(&doc, VI, "9.720 hộ", strlen("9.720 hộ"));
    json_t *obj = json_object();
    struct enrich_date_spans none = {0};
    assert_int_equal(enrich_figures_find(&doc, &none, obj), ENRICH_ERR_INVALID);
    assert_int_equal(enrich_figures_find(NULL, &none, obj), ENRICH_ERR_INVALID);
    json_t *arr = json_array();
    assert_int_equal(enrich_figures_find(&doc, NULL, arr), ENRICH_ERR_INVALID);
    json_decref(arr);
    json_decref(obj);
    /* Only the given length is read: "9.7" of "9.720" is cut, not read as 9720. */
    json_t *found = json_array();
    make_doc(&doc, VI, "có 12 hộ và 9.720 hộ", strlen("có 12 hộ"));
    assert_int_equal(find_figures(&doc, found), 0);
    assert_int_equal(json_array_size(found), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(found, 0), "value")), 12);
    json_decref(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figure_table),        cmocka_unit_test(test_seed_must_not),
        cmocka_unit_test(test_spans_slice_exactly), cmocka_unit_test(test_raw_bytes),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
