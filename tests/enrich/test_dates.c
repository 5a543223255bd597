/*
 * Date mentions, table-driven: each case is a sentence, its language and publication moment,
 * and the exact list of mentions enrich_dates_find must write (text, kind, value), in order.
 * An empty list means nothing in the sentence is a date. A second test feeds generated text
 * and checks that every span slices the input exactly on UTF-8 boundaries.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <utf8proc.h>

#include "enrich_internal.h"
#include "enrich_dates_internal.h"
#include "enrich_utf8.h"

#define VI ENRICH_LANG_VI
#define EN ENRICH_LANG_EN
/* The seed article's publication moment: a Wednesday. */
#define PUB "2020-07-15T21:29+07:00"

struct expect {
    const char *text, *kind, *value;
};

struct date_case {
    enum enrich_lang lang;
    const char *published; /* "YYYY-MM-DDTHH:MM+HH:MM", or NULL when unknown */
    const char *input;
    struct expect out[5];
};

static const struct date_case cases[] = {
    /* The seed article. */
    {VI,
     PUB,
     "(CT) - Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị tổng kết 10 năm thực hiện "
     "Quyết định 290-QĐ/TW của Bộ Chính trị (khóa X).",
     {{"Ngày 15-7-2020", "date", "2020-07-15"}, {"10 năm", "duration", "P10Y"}}},
    {VI,
     PUB,
     "sơ kết công tác dân vận, thực hiện quy chế dân chủ 6 tháng đầu năm 2020.",
     {{"6 tháng đầu năm 2020", "period", "2020-01-01/2020-06-30"}}},
    {VI,
     PUB,
     "Trong 10 năm qua, các cấp ủy đảng tập trung chỉ đạo triển khai.",
     {{"10 năm", "duration", "P10Y"}}},
    {VI, PUB, "đã xây dựng được 9.720 điển hình “Dân vận khéo”...", {{0}}},

    /* Numeric dates. */
    {VI,
     PUB,
     "Hội nghị diễn ra ngày 15/7/2020 tại Cần Thơ.",
     {{"ngày 15/7/2020", "date", "2020-07-15"}}},
    {VI,
     PUB,
     "Sáng 16.7.2020, đoàn công tác đến thăm.",
     {{"Sáng 16.7.2020", "date", "2020-07-16"}}},
    {VI, PUB, "Văn bản được ký ngày 05/08/2019.", {{"ngày 05/08/2019", "date", "2019-08-05"}}},
    {VI,
     PUB,
     "Kết quả công bố 12/3/2021 trên cổng thông tin.",
     {{"12/3/2021", "date", "2021-03-12"}}},
    {VI, PUB, "Ngày 29/2/2020 là ngày nhuận.", {{"Ngày 29/2/2020", "date", "2020-02-29"}}},
    {VI, PUB, "Hồ sơ nộp trước 2020-07-31 theo hướng dẫn.", {{"2020-07-31", "date", "2020-07-31"}}},
    {VI,
     PUB,
     "Ngày 2 tháng 9 năm 1945, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập.",
     {{"Ngày 2 tháng 9 năm 1945", "date", "1945-09-02"}}},
    {VI,
     PUB,
     "Luật có hiệu lực từ ngày 1 tháng 1 năm 2021.",
     {{"ngày 1 tháng 1 năm 2021", "date", "2021-01-01"}}},
    {VI,
     PUB,
     "Hà Nội, 5 tháng 3 năm 2021 - Bộ Y tế thông báo.",
     {{"5 tháng 3 năm 2021", "date", "2021-03-05"}}},
    {VI,
     PUB,
     "ngày 20 tháng 7, đoàn khảo sát làm việc.",
     {{"ngày 20 tháng 7", "date", "2020-07-20"}}},

    /* Missing years resolved against the publication day. */
    {VI, PUB, "Ngày 20/7, UBND tỉnh họp phiên thường kỳ.", {{"Ngày 20/7", "date", "2020-07-20"}}},
    {VI,
     "2021-01-05T08:00+07:00",
     "Ngày 28/12, hội nghị tổng kết được tổ chức.",
     {{"Ngày 28/12", "date", "2020-12-28"}}},
    {VI,
     "2020-12-20T08:00+07:00",
     "Ngày 3/1 tới, tỉnh sẽ khai mạc lễ hội.",
     {{"Ngày 3/1", "date", "2021-01-03"}}},
    {VI, PUB, "Chiều 14-7, Sở Y tế phát đi thông báo.", {{"Chiều 14-7", "date", "2020-07-14"}}},
    {VI,
     PUB,
     "Trưa 15/7, mưa lớn gây ngập nhiều tuyến đường.",
     {{"Trưa 15/7", "date", "2020-07-15"}}},
    {VI, PUB, "Rạng sáng 15/7, một vụ cháy xảy ra.", {{"Rạng sáng 15/7", "date", "2020-07-15"}}},
    {VI, PUB, "Đêm 14/7, lực lượng chức năng phát hiện.", {{"Đêm 14/7", "date", "2020-07-14"}}},
    {VI, PUB, "Hôm 10/7, ông A cho biết.", {{"Hôm 10/7", "date", "2020-07-10"}}},
    {VI, PUB, "Thứ Hai (20/7), học sinh trở lại trường.", {{"20/7", "date", "2020-07-20"}}},
    {VI,
     PUB,
     "Chương trình bắt đầu vào 15/7 và kết thúc vào 20/7.",
     {{"15/7", "date", "2020-07-15"}, {"20/7", "date", "2020-07-20"}}},
    {VI,
     PUB,
     "Hạn chót là trước 30/9 năm nay.",
     {{"30/9", "date", "2020-09-30"}, {"năm nay", "year", "2020"}}},
    {VI,
     PUB,
     "Sáng 15/7 và 16/7, hội nghị diễn ra.",
     {{"Sáng 15/7", "date", "2020-07-15"}, {"16/7", "date", "2020-07-16"}}},
    {VI,
     PUB,
     "Các ngày 15 và 16/7, trường tổ chức thi.",
     {{"ngày 15", "date", "2020-07-15"}, {"16/7", "date", "2020-07-16"}}},
    {VI,
     PUB,
     "Các ngày 15, 16 và 17/8/2020 là đợt cao điểm.",
     {{"ngày 15", "date", "2020-08-15"},
      {"16", "date", "2020-08-16"},
      {"17/8/2020", "date", "2020-08-17"}}},

    {VI,
     PUB,
     "Kỳ thi diễn ra trong 2 ngày 28 và 29/6.",
     {{"2 ngày", "duration", "P2D"}, {"28", "date", "2020-06-28"}, {"29/6", "date", "2020-06-29"}}},

    /* A relative day with its date beside it is one mention, as "sáng thứ Hai (22/7)" is; the
     * written date decides the value. */
    {VI, PUB, "Sáng nay (15/7), hội nghị khai mạc.", {{"Sáng nay (15/7)", "date", "2020-07-15"}}},
    {VI, PUB, "Sáng nay 15/7, hội nghị khai mạc.", {{"Sáng nay 15/7", "date", "2020-07-15"}}},
    {VI, PUB, "Hôm nay 15/7 trời mưa.", {{"Hôm nay 15/7", "date", "2020-07-15"}}},
    {VI, PUB, "Hôm qua (14/7), 15 người bị thương.", {{"Hôm qua (14/7)", "date", "2020-07-14"}}},
    {VI,
     PUB,
     "Tối nay, ngày 15/7, lễ hội khai mạc.",
     {{"Tối nay, ngày 15/7", "date", "2020-07-15"}}},
    {VI, PUB, "Sáng nay, 26 hộ dân được hỗ trợ.", {{"Sáng nay", "date", "2020-07-15"}}},
    {VI,
     PUB,
     "Năm 2019 và 2020, tỉnh đạt kết quả tốt.",
     {{"Năm 2019", "year", "2019"}, {"2020", "year", "2020"}}},
    {VI,
     PUB,
     "Khoảng 10h30 sáng 20/7, xe khách gặp nạn.",
     {{"10h30 sáng 20/7", "datetime", "2020-07-20T10:30:00+07:00"}}},
    {VI,
     PUB,
     "Vào lúc 15 giờ 30 chiều qua, mưa lớn.",
     {{"15 giờ 30 chiều qua", "datetime", "2020-07-14T15:30:00+07:00"}}},
    {VI,
     PUB,
     "Thanh Niên viết: sáng 14.7 và ngày 15.7.2020.",
     {{"sáng 14.7", "date", "2020-07-14"}, {"ngày 15.7.2020", "date", "2020-07-15"}}},

    /* Months, quarters, years. */
    {VI, PUB, "Trong tháng 7/2020, lượng khách tăng mạnh.", {{"tháng 7/2020", "month", "2020-07"}}},
    {VI, PUB, "Xuất khẩu tháng 8 năm 2019 tăng 5%.", {{"tháng 8 năm 2019", "month", "2019-08"}}},
    {VI, PUB, "Từ tháng 9, giá điện điều chỉnh.", {{"tháng 9", "month", "2020-09"}}},
    {VI, PUB, "Cuối tháng 6-2020, tỉnh hoàn thành.", {{"tháng 6-2020", "month", "2020-06"}}},
    {VI, PUB, "Tháng 7 năm nay, mưa nhiều.", {{"Tháng 7 năm nay", "month", "2020-07"}}},
    {VI, PUB, "Tháng 12/2019, dự án khởi công.", {{"Tháng 12/2019", "month", "2019-12"}}},
    {VI, PUB, "Đầu 7/2020 dịch bệnh bùng phát trở lại.", {{"7/2020", "month", "2020-07"}}},
    {VI, PUB, "Doanh thu quý I/2020 giảm.", {{"quý I/2020", "period", "2020-01-01/2020-03-31"}}},
    {VI,
     PUB,
     "Trong quý 2 năm 2021, tỉnh thu hút đầu tư.",
     {{"quý 2 năm 2021", "period", "2021-04-01/2021-06-30"}}},
    {VI,
     PUB,
     "Kế hoạch quý III sẽ được triển khai.",
     {{"quý III", "period", "2020-07-01/2020-09-30"}}},
    {VI,
     "2021-01-20T08:00+07:00",
     "Kết quả quý IV cho thấy tăng trưởng tốt.",
     {{"quý IV", "period", "2020-10-01/2020-12-31"}}},
    {VI,
     PUB,
     "Quý IV-2019 ghi nhận mức cao nhất.",
     {{"Quý IV-2019", "period", "2019-10-01/2019-12-31"}}},
    {VI,
     PUB,
     "So với quý I và quý II/2020.",
     {{"quý I", "period", "2020-01-01/2020-03-31"},
      {"quý II/2020", "period", "2020-04-01/2020-06-30"}}},
    {VI,
     PUB,
     "Lũy kế quý I-III/2020 tăng 3%.",
     {{"quý I-III/2020", "period", "2020-01-01/2020-09-30"}}},
    {VI, PUB, "Năm 1975, đất nước thống nhất.", {{"Năm 1975", "year", "1975"}}},
    {VI, PUB, "Kế hoạch năm 2021 đã được thông qua.", {{"năm 2021", "year", "2021"}}},
    {VI, PUB, "Năm nay, tỉnh đặt mục tiêu cao hơn.", {{"Năm nay", "year", "2020"}}},
    {VI, PUB, "So với năm ngoái, sản lượng tăng.", {{"năm ngoái", "year", "2019"}}},
    {VI, PUB, "Năm tới, thành phố sẽ mở rộng.", {{"Năm tới", "year", "2021"}}},
    {VI, PUB, "Năm trước đó, ông đã nghỉ hưu.", {{0}}},
    /* The days of a list in brackets after "ngày". */
    {VI,
     PUB,
     "Trong 2 ngày (15 và 16-7), mưa lớn; sau 3 ngày (5), nước rút.",
     {{"2 ngày", "duration", "P2D"},
      {"15", "date", "2020-07-15"},
      {"16-7", "date", "2020-07-16"},
      {"3 ngày", "duration", "P3D"}}},
    /* A deadline names a date; "là" alone does not ("tỷ lệ là 2/3"). */
    {VI,
     PUB,
     "Hạn chót là 30/7, thời hạn: 15/8; tỷ lệ là 2/3 số hộ.",
     {{"30/7", "date", "2020-07-30"}, {"15/8", "date", "2020-08-15"}}},
    /* "cuối/đầu/giữa năm" stay in the span of the year they place. */
    {VI,
     PUB,
     "Dự án hoàn thành cuối năm 2025; đầu năm nay giá giảm.",
     {{"cuối năm 2025", "year", "2025"}, {"đầu năm nay", "year", "2020"}}},
    /* A comparison with "năm trước" is anchored to the year its sentence names; without one,
     * to the publication. */
    {VI,
     PUB,
     "Năm 2017, doanh thu tăng 5% so với năm trước.",
     {{"Năm 2017", "year", "2017"}, {"năm trước", "year", "2016"}}},
    {VI,
     PUB,
     "Tháng 10/2017, giá cao hơn năm trước; lượng khách tăng so với cùng kỳ năm trước.",
     {{"Tháng 10/2017", "month", "2017-10"},
      {"năm trước", "year", "2016"},
      {"năm trước", "year", "2016"}}},
    {VI,
     PUB,
     "Năm 2017 rất khó khăn. Giá tăng 5% so với năm trước.",
     {{"Năm 2017", "year", "2017"}, {"năm trước", "year", "2019"}}},
    {VI,
     NULL,
     "Năm 2017, giá tăng so với năm trước.",
     {{"Năm 2017", "year", "2017"}, {"năm trước", "year", "2016"}}},
    {VI, PUB, "Đến 2025, tỉnh phấn đấu có 100% xã đạt chuẩn.", {{"2025", "year", "2025"}}},
    {VI, PUB, "Đến cuối 2020, hoàn thành các chỉ tiêu.", {{"2020", "year", "2020"}}},
    /* A bare part of the year after a deadline or a start is the article's year; not after
     * "vào" (a habit), nor in "năm học", nor without a publication date. */
    {VI, PUB, "Dự kiến đến cuối năm, giá tôm ổn định.", {{"cuối năm", "year", "2020"}}},
    {VI, PUB, "Từ đầu năm, giá tăng mạnh.", {{"đầu năm", "year", "2020"}}},
    {VI, PUB, "Vào cuối năm, nông dân thường sửa nhà.", {{0}}},
    {VI, PUB, "Đến cuối năm học, trường tổng kết.", {{0}}},
    {VI, NULL, "Dự kiến đến cuối năm, giá tôm ổn định.", {{0}}},
    {VI,
     PUB,
     "Từ đầu năm đến nay, giá tăng.",
     {{"Từ đầu năm đến nay", "period", "2020-01-01/2020-07-15"}}},
    /* The publication week (15/7/2020 was a Wednesday): from its Monday, to its Sunday. */
    {VI,
     PUB,
     "Từ đầu tuần đến nay, giá lúa tăng.",
     {{"Từ đầu tuần đến nay", "period", "2020-07-13/2020-07-15"}}},
    {VI,
     PUB,
     "Từ nay đến cuối tuần này, trời mưa.",
     {{"Từ nay đến cuối tuần này", "period", "2020-07-15/2020-07-19"}}},
    {VI, PUB, "Luật Đất đai 2013 quy định rõ.", {{0}}},

    /* Periods. */
    {VI,
     PUB,
     "9 tháng năm 2020, kim ngạch đạt 5 tỷ USD.",
     {{"9 tháng năm 2020", "period", "2020-01-01/2020-09-30"}}},
    {VI,
     PUB,
     "6 tháng cuối năm 2019 có nhiều biến động.",
     {{"6 tháng cuối năm 2019", "period", "2019-07-01/2019-12-31"}}},
    {VI,
     PUB,
     "Trong 6 tháng đầu năm, tỉnh thu ngân sách tốt.",
     {{"6 tháng đầu năm", "period", "2020-01-01/2020-06-30"}}},
    {VI,
     PUB,
     "6 tháng cuối năm, tỉnh tập trung giải ngân.",
     {{"6 tháng cuối năm", "period", "2020-07-01/2020-12-31"}}},
    {VI,
     PUB,
     "3 tháng đầu năm nay, du lịch giảm.",
     {{"3 tháng đầu năm nay", "period", "2020-01-01/2020-03-31"}}},
    {VI,
     PUB,
     "Nửa đầu năm 2021, tăng trưởng đạt 5%.",
     {{"Nửa đầu năm 2021", "period", "2021-01-01/2021-06-30"}}},
    {VI,
     PUB,
     "Chương trình diễn ra từ ngày 1/7 đến ngày 15/7/2020.",
     {{"từ ngày 1/7 đến ngày 15/7/2020", "period", "2020-07-01/2020-07-15"}}},
    {VI,
     PUB,
     "Triển lãm mở cửa từ ngày 1 đến 15/8/2020.",
     {{"từ ngày 1 đến 15/8/2020", "period", "2020-08-01/2020-08-15"}}},
    {VI,
     PUB,
     "Từ 15 đến 20/8, các trường tổ chức nhập học.",
     {{"Từ 15 đến 20/8", "period", "2020-08-15/2020-08-20"}}},
    {VI,
     PUB,
     "Lễ hội diễn ra trong hai ngày 15-16/7.",
     {{"hai ngày", "duration", "P2D"}, {"15-16/7", "period", "2020-07-15/2020-07-16"}}},
    {VI,
     PUB,
     "Ngày 20/7 - 25/7/2020, đoàn kiểm tra làm việc.",
     {{"Ngày 20/7 - 25/7/2020", "period", "2020-07-20/2020-07-25"}}},
    {VI,
     PUB,
     "Hợp đồng có hiệu lực 1/7/2020 – 30/6/2021.",
     {{"1/7/2020 – 30/6/2021", "period", "2020-07-01/2021-06-30"}}},
    {VI,
     PUB,
     "Từ năm 2015 đến năm 2020, tỉnh xây dựng 200 km đường.",
     {{"Từ năm 2015 đến năm 2020", "period", "2015/2020"}}},
    {VI,
     PUB,
     "Từ năm 2015 đến nay, tỉnh đã đầu tư mạnh.",
     {{"Từ năm 2015 đến nay", "period", "2015/2020-07-15"}}},
    {VI,
     PUB,
     "Từ tháng 1 đến tháng 6/2020, doanh nghiệp phục hồi.",
     {{"Từ tháng 1 đến tháng 6/2020", "period", "2020-01/2020-06"}}},
    {VI,
     PUB,
     "Sản lượng tháng 1-6/2020 tăng 10%.",
     {{"tháng 1-6/2020", "period", "2020-01/2020-06"}}},
    {VI, PUB, "từ 2015 đến 2020 có nhiều thay đổi", {{"từ 2015 đến 2020", "period", "2015/2020"}}},
    {VI,
     PUB,
     "Mục tiêu giai đoạn 2021-2025 đã được xác định.",
     {{"giai đoạn 2021-2025", "period", "2021/2025"}}},
    {VI,
     PUB,
     "Đại hội Đảng bộ nhiệm kỳ 2020 - 2025 thành công tốt đẹp.",
     {{"nhiệm kỳ 2020 - 2025", "period", "2020/2025"}}},
    {VI, PUB, "Năm học 2020-2021 bắt đầu sớm.", {{"Năm học 2020-2021", "period", "2020/2021"}}},
    {VI, PUB, "Mùa giải 2020-2021 bị hoãn.", {{"Mùa giải 2020-2021", "period", "2020/2021"}}},
    {VI,
     PUB,
     "Kế hoạch 5 năm 2016-2020 hoàn thành.",
     {{"5 năm", "duration", "P5Y"}, {"2016-2020", "period", "2016/2020"}}},
    {VI,
     PUB,
     "Năm 2020 – 2021 là giai đoạn khó khăn.",
     {{"Năm 2020 – 2021", "period", "2020/2021"}}},
    {VI,
     PUB,
     "Thập niên 1990 chứng kiến nhiều đổi mới.",
     {{"Thập niên 1990", "period", "1990/1999"}}},

    /* Durations. */
    {VI,
     PUB,
     "Sau 3 tháng, 2 tuần và 5 ngày điều trị, bệnh nhân xuất viện.",
     {{"3 tháng", "duration", "P3M"},
      {"2 tuần", "duration", "P2W"},
      {"5 ngày", "duration", "P5D"}}},
    {VI, PUB, "Hai năm trôi qua, mọi thứ thay đổi.", {{"Hai năm", "duration", "P2Y"}}},
    {VI, PUB, "mười năm gắn bó với nghề", {{"mười năm", "duration", "P10Y"}}},
    {VI, PUB, "Đã hai mươi năm kể từ ngày đó.", {{"hai mươi năm", "duration", "P20Y"}}},
    {VI, PUB, "Dự án kéo dài 1,5 năm.", {{"1,5 năm", "duration", "P1.5Y"}}},
    {VI, PUB, "Trong 24 giờ qua, ghi nhận 5 ca mắc mới.", {{"24 giờ", "duration", "PT24H"}}},
    {VI, PUB, "Sau 2 giờ đàm phán, hai bên thống nhất.", {{"2 giờ", "duration", "PT2H"}}},
    {VI, PUB, "Cuộc họp kéo dài 30 phút.", {{"30 phút", "duration", "PT30M"}}},
    {VI, PUB, "Sau 2 thập kỷ, làng nghề hồi sinh.", {{"2 thập kỷ", "duration", "P20Y"}}},
    {VI, PUB, "Bị cáo lãnh 3-5 năm tù.", {{"5 năm", "duration", "P5Y"}}},
    /* A weekday of a named week is that day (PUB is Wednesday 15 July 2020). */
    {VI,
     PUB,
     "Thứ hai tuần trước, ông đến Hà Nội.",
     {{"Thứ hai tuần trước", "date", "2020-07-06"}}},
    {VI,
     PUB,
     "Chủ nhật tuần này, thứ 3 tuần tới.",
     {{"Chủ nhật tuần này", "date", "2020-07-19"}, {"thứ 3 tuần tới", "date", "2020-07-21"}}},
    /* Parts of a week (PUB is Wednesday 15 July 2020): "cuối tuần" is Saturday-Sunday,
     * "đầu tuần" Monday-Tuesday; "cuối tuần qua" is the weekend before the publication week. */
    {VI,
     PUB,
     "Cuối tuần này, thành phố tổ chức lễ hội.",
     {{"Cuối tuần này", "period", "2020-07-18/2020-07-19"}}},
    {VI,
     PUB,
     "Cuối tuần qua, mưa lớn; cuối tuần trước trời nắng.",
     {{"Cuối tuần qua", "period", "2020-07-11/2020-07-12"},
      {"cuối tuần trước", "period", "2020-07-11/2020-07-12"}}},
    {VI,
     PUB,
     "Đầu tuần tới, Quốc hội họp; đầu tuần này giá xăng tăng.",
     {{"Đầu tuần tới", "period", "2020-07-20/2020-07-21"},
      {"đầu tuần này", "period", "2020-07-13/2020-07-14"}}},
    {VI,
     PUB,
     "Từ nay đến cuối tuần này, trời mưa; thứ Bảy cuối tuần này, trường khai giảng.",
     {{"Từ nay đến cuối tuần này", "period", "2020-07-15/2020-07-19"},
      {"thứ Bảy cuối tuần này", "date", "2020-07-18"}}},
    /* "nữa" moves one week further: "tuần trước nữa" is the week before last. */
    {VI,
     PUB,
     "Tuần trước nữa giá tăng; cuối tuần sau nữa có bão; thứ Hai tuần sau nữa khai trương.",
     {{"Tuần trước nữa", "period", "2020-06-29/2020-07-05"},
      {"cuối tuần sau nữa", "period", "2020-08-01/2020-08-02"},
      {"thứ Hai tuần sau nữa", "date", "2020-07-27"}}},
    {VI, PUB, "Tuần này nữa là xong.", {{"Tuần này", "period", "2020-07-13/2020-07-19"}}},
    /* Negatives: the week itself, and "cuối" that is not part of a week mention. */
    {VI,
     PUB,
     "Tuần qua, giá giảm; tuần này giá tăng.",
     {{"Tuần qua", "period", "2020-07-09/2020-07-15"},
      {"tuần này", "period", "2020-07-13/2020-07-19"}}},
    {VI, PUB, "Vào cuối tuần, chợ đông.", {{0}}},
    {VI, NULL, "Cuối tuần này, thành phố tổ chức lễ hội.", {{0}}},
    {VI,
     PUB,
     "Lần thứ hai tuần trước, đội thua.",
     {{"tuần trước", "period", "2020-07-06/2020-07-12"}}},
    {VI,
     PUB,
     "Từ đầu năm đến nay, giá tăng; từ đầu tháng này đến nay, giá giảm.",
     {{"Từ đầu năm đến nay", "period", "2020-01-01/2020-07-15"},
      {"từ đầu tháng này đến nay", "period", "2020-07-01/2020-07-15"}}},
    {VI,
     PUB,
     "Từ đầu năm 2019 đến nay, giá tăng; từ nay đến cuối năm học, trường dạy bù.",
     {{"Từ đầu năm 2019 đến nay", "period", "2019-01-01/2020-07-15"}}},
    {VI,
     PUB,
     "Từ nay đến cuối năm, tỉnh giải ngân hết vốn.",
     {{"Từ nay đến cuối năm", "period", "2020-07-15/2020-12-31"}}},
    /* A named month as a bound: the one nearest the publication (15/07/2020) on its side. */
    {VI,
     PUB,
     "Từ đầu tháng 2 đến nay, mặn xâm nhập sâu; từ nay đến cuối tháng 10, tỉnh trữ nước.",
     {{"Từ đầu tháng 2 đến nay", "period", "2020-02-01/2020-07-15"},
      {"từ nay đến cuối tháng 10", "period", "2020-07-15/2020-10-31"}}},
    {VI,
     PUB,
     "Từ đầu tháng 11 đến nay, giá giảm; từ nay đến cuối tháng 3, giá còn thấp.",
     {{"Từ đầu tháng 11 đến nay", "period", "2019-11-01/2020-07-15"},
      {"từ nay đến cuối tháng 3", "period", "2020-07-15/2021-03-31"}}},
    /* With a year of its own the month is read as before: a month, not this rule. */
    {VI, PUB, "Cuối tháng 10/2019, giá giảm.", {{"tháng 10/2019", "month", "2019-10"}}},

    /* Times of day, alone and with dates. */
    {VI,
     PUB,
     "15/07/2020 - 21:29",
     {{"15/07/2020 - 21:29", "datetime", "2020-07-15T21:29:00+07:00"}}},
    {VI,
     PUB,
     "Cập nhật lúc 09:05 ngày 16/07/2020.",
     {{"09:05 ngày 16/07/2020", "datetime", "2020-07-16T09:05:00+07:00"}}},
    {VI,
     PUB,
     "Lúc 14 giờ 30 phút ngày 15/7/2020, đám cháy bùng phát.",
     {{"14 giờ 30 phút ngày 15/7/2020", "datetime", "2020-07-15T14:30:00+07:00"}}},
    {VI,
     PUB,
     "Khoảng 14h30 ngày 20/7, xe tải lật.",
     {{"14h30 ngày 20/7", "datetime", "2020-07-20T14:30:00+07:00"}}},
    {VI,
     PUB,
     "Lúc 5h30 ngày 4/7, xe lật; khoảng 5g30 ngày 5/7 lại lật.",
     {{"5h30 ngày 4/7", "datetime", "2020-07-04T05:30:00+07:00"},
      {"5g30 ngày 5/7", "datetime", "2020-07-05T05:30:00+07:00"}}},
    {VI,
     PUB,
     "Khoảng 7 giờ sáng nay, trời mưa to.",
     {{"7 giờ sáng nay", "datetime", "2020-07-15T07:00:00+07:00"}}},
    {VI,
     PUB,
     "Vào 21 giờ tối qua, đoàn xe xuất phát.",
     {{"21 giờ tối qua", "datetime", "2020-07-14T21:00:00+07:00"}}},
    {VI,
     PUB,
     "Đến 8 giờ tối, mưa mới tạnh.",
     {{"8 giờ tối", "datetime", "2020-07-15T20:00:00+07:00"}}},
    {VI,
     PUB,
     "Sáng 14/7, đoàn đến nơi. Đến 10 giờ, buổi làm việc kết thúc.",
     {{"Sáng 14/7", "date", "2020-07-14"}, {"10 giờ", "datetime", "2020-07-14T10:00:00+07:00"}}},
    {VI,
     PUB,
     "Lúc 2 giờ chiều ngày 16/7, cuộc họp bắt đầu.",
     {{"2 giờ chiều ngày 16/7", "datetime", "2020-07-16T14:00:00+07:00"}}},
    {VI,
     PUB,
     "Từ 9h ngày 17/7, đường bị cấm.",
     {{"9h ngày 17/7", "datetime", "2020-07-17T09:00:00+07:00"}}},
    {VI,
     PUB,
     "Ngày 15/7 lúc 10 giờ, lễ khởi công diễn ra.",
     {{"Ngày 15/7 lúc 10 giờ", "datetime", "2020-07-15T10:00:00+07:00"}}},
    {VI,
     PUB,
     "sáng 16/7 lúc 9 giờ 30, đoàn xuất phát",
     {{"sáng 16/7 lúc 9 giờ 30", "datetime", "2020-07-16T09:30:00+07:00"}}},
    {VI,
     PUB,
     "Lệnh có hiệu lực lúc 0 giờ ngày 1/1/2021.",
     {{"0 giờ ngày 1/1/2021", "datetime", "2021-01-01T00:00:00+07:00"}}},
    {VI,
     PUB,
     "Lúc 24 giờ ngày 15/7, lệnh cấm kết thúc.",
     {{"24 giờ ngày 15/7", "datetime", "2020-07-16T00:00:00+07:00"}}},
    {VI,
     PUB,
     "14:30 ngày 15/7 xe đến.",
     {{"14:30 ngày 15/7", "datetime", "2020-07-15T14:30:00+07:00"}}},
    {VI,
     PUB,
     "Từ 7 giờ đến 11 giờ ngày 18/7, khu vực bị cắt điện.",
     {{"Từ 7 giờ đến 11 giờ ngày 18/7", "period",
       "2020-07-18T07:00:00+07:00/2020-07-18T11:00:00+07:00"}}},

    /* Days relative to the publication day. */
    {VI, PUB, "Hôm nay, trời nắng.", {{"Hôm nay", "date", "2020-07-15"}}},
    {VI,
     PUB,
     "Sáng nay, chiều nay và tối qua đều mưa.",
     {{"Sáng nay", "date", "2020-07-15"},
      {"chiều nay", "date", "2020-07-15"},
      {"tối qua", "date", "2020-07-14"}}},
    {VI,
     PUB,
     "Hôm qua, hôm kia và ngày mai.",
     {{"Hôm qua", "date", "2020-07-14"},
      {"hôm kia", "date", "2020-07-13"},
      {"ngày mai", "date", "2020-07-16"}}},
    {VI, PUB, "Chiều mai, đoàn sẽ về đến nơi.", {{"Chiều mai", "date", "2020-07-16"}}},
    {VI, PUB, "Chiều Mai đến trường đón con.", {{0}}},
    {VI,
     PUB,
     "Tuần tới, thời tiết chuyển lạnh.",
     {{"Tuần tới", "period", "2020-07-20/2020-07-26"}}},
    {VI, PUB, "Tuần này có nhiều sự kiện.", {{"Tuần này", "period", "2020-07-13/2020-07-19"}}},
    {VI,
     PUB,
     "Tháng trước, giá tăng; tháng này ổn định.",
     {{"Tháng trước", "month", "2020-06"}, {"tháng này", "month", "2020-07"}}},
    {VI, PUB, "Lễ hội diễn ra ngày 15/8 âm lịch và tháng 7 (âm lịch).", {{0}}},
    {VI, PUB, "Ngày nay, nhiều người dùng điện thoại.", {{0}}},
    {VI, PUB, "Hằng năm, lễ hội thu hút du khách.", {{0}}},

    /* Not dates: impossible dates, document numbers, scores, fractions, names. */
    {VI, PUB, "ngày 31/2/2020 và ngày 30/2 không tồn tại.", {{0}}},
    {VI, PUB, "Ngày 29/2/2021 là sai.", {{0}}},
    {VI, PUB, "Tháng 13/2020 không có.", {{0}}},
    {VI, PUB, "Thực hiện Thông tư 08/2021/TT-BYT của Bộ Y tế.", {{0}}},
    {VI, PUB, "Theo Nghị định 15/2020/NĐ-CP của Chính phủ.", {{0}}},
    {VI, PUB, "Quyết định số 1234/QĐ-UBND đã được ban hành.", {{0}}},
    {VI, PUB, "Quyết định 290-QĐ/TW của Bộ Chính trị (khóa X).", {{0}}},
    {VI, PUB, "Quyết định số 15/7 của UBND huyện.", {{0}}},
    {VI, PUB, "Nghị quyết số 15/2020 của HĐND tỉnh.", {{0}}},
    {VI, PUB, "Liên hệ số điện thoại 0292.3820.123 để được hỗ trợ.", {{0}}},
    {VI, PUB, "Đội tuyển thắng với tỷ số 2-1.", {{0}}},
    {VI, PUB, "Hơn 2/3 số hộ đã thoát nghèo.", {{0}}},
    {VI, PUB, "Trong 2/3 số trường hợp, bệnh nhân hồi phục.", {{0}}},
    {VI, PUB, "Nhà ở số 12 đường 30/4, phường Xuân Khánh.", {{0}}},
    {VI, PUB, "Cửa hàng trên đường 3 tháng 2 đông khách.", {{0}}},
    {VI, PUB, "Đại hội XIII và COVID-19 được nhắc đến.", {{0}}},
    {VI, PUB, "Tăng từ 2 đến 3 người mỗi hộ.", {{0}}},
    {VI, PUB, "Sản lượng tăng từ 1.500 lên 2.000 tấn.", {{0}}},
    {VI, PUB, "Cách mạng công nghiệp 4.0 đang diễn ra.", {{0}}},
    {VI, PUB, "Diện tích 14ha đất lúa bị ảnh hưởng.", {{0}}},
    {VI, PUB, "Ông về đích thứ 2 trong lần thi thứ 3.", {{0}}},
    {VI, PUB, "Vào 15-7 người đã đến.", {{0}}},

    /* Publication moment unknown: only what the text alone fixes. */
    {VI, NULL, "Hôm qua, ngày 20/7 và lúc 14 giờ.", {{0}}},
    {VI,
     NULL,
     "Ngày 20/7/2020 và 10 năm qua.",
     {{"Ngày 20/7/2020", "date", "2020-07-20"}, {"10 năm", "duration", "P10Y"}}},
    {VI, NULL, "6 tháng đầu năm, quý II và năm nay.", {{0}}},
    {VI, NULL, "giai đoạn 2021-2025", {{"giai đoạn 2021-2025", "period", "2021/2025"}}},

    /* English. */
    {EN,
     "2020-01-20T10:00+07:00",
     "On Jan 5, the ministry said exports rose.",
     {{"Jan 5", "date", "2020-01-05"}}},
    {EN,
     PUB,
     "The plant opened on January 5, 2024 in Hanoi.",
     {{"January 5, 2024", "date", "2024-01-05"}}},
    {EN,
     PUB,
     "The law takes effect on 5 January 2024.",
     {{"5 January 2024", "date", "2024-01-05"}}},
    {EN, PUB, "Inflation peaked in December 2023.", {{"December 2023", "month", "2023-12"}}},
    {EN,
     "2021-01-03T10:00+07:00",
     "Prices fell on Dec. 31 after the holiday.",
     {{"Dec. 31", "date", "2020-12-31"}}},
    {EN, PUB, "Exports grew 5% in 2023, the agency said.", {{"2023", "year", "2023"}}},
    {EN, PUB, "The report dated 2020-07-15 was released.", {{"2020-07-15", "date", "2020-07-15"}}},
    {EN,
     PUB,
     "GDP grew 3.7% in Q1 2020 and slowed in the first half of 2020.",
     {{"Q1 2020", "period", "2020-01-01/2020-03-31"},
      {"the first half of 2020", "period", "2020-01-01/2020-06-30"}}},
    {EN,
     PUB,
     "in the first nine months of 2020",
     {{"the first nine months of 2020", "period", "2020-01-01/2020-09-30"}}},
    {EN,
     PUB,
     "Revenue in the third quarter of 2021 rose.",
     {{"the third quarter of 2021", "period", "2021-07-01/2021-09-30"}}},
    {EN,
     PUB,
     "The project took 10 years and two weeks.",
     {{"10 years", "duration", "P10Y"}, {"two weeks", "duration", "P2W"}}},
    {EN, PUB, "a 10-year plan", {{"10-year", "duration", "P10Y"}}},
    {EN, PUB, "The man, 55 years old, was arrested.", {{0}}},
    {EN,
     "2023-10-12T08:40+00:00",
     "The fire started at 3 p.m. on Oct. 11.",
     {{"3 p.m. on Oct. 11", "datetime", "2023-10-11T15:00:00+07:00"}}},
    {EN,
     PUB,
     "Police said yesterday at 3 p.m. the fire started.",
     {{"yesterday at 3 p.m.", "datetime", "2020-07-14T15:00:00+07:00"}}},
    {EN,
     PUB,
     "The meeting starts at 10:30 a.m. on July 16.",
     {{"10:30 a.m. on July 16", "datetime", "2020-07-16T10:30:00+07:00"}}},
    {EN,
     PUB,
     "The fair runs from July 1 to July 15.",
     {{"from July 1 to July 15", "period", "2020-07-01/2020-07-15"}}},
    {EN,
     PUB,
     "Output doubled between 2015 and 2020.",
     {{"between 2015 and 2020", "period", "2015/2020"}}},
    {EN,
     PUB,
     "Last year prices rose; next month they may fall.",
     {{"Last year", "year", "2019"}, {"next month", "month", "2020-08"}}},
    {EN, PUB, "Sales dropped last week.", {{"last week", "period", "2020-07-06/2020-07-12"}}},
    {EN, PUB, "Today the city reopened.", {{"Today", "date", "2020-07-15"}}},
    {EN, PUB, "The festival returns in July.", {{"July", "month", "2020-07"}}},
    {EN, PUB, "May I help? Prices may rise in March 2021.", {{"March 2021", "month", "2021-03"}}},
    {EN,
     PUB,
     "Under the 2021-2025 plan, the city will grow.",
     {{"2021-2025", "period", "2021/2025"}}},
    {EN, PUB, "Decree 100/2019/ND-CP and COVID-19 in Region 3.", {{0}}},
    {EN,
     PUB,
     "Prices fell, the ministry said Monday, after gains last Friday.",
     {{"Monday", "date", "2020-07-13"}, {"Friday", "date", "2020-07-10"}}},
    {EN, PUB, "Margins peaked in Q2, the firm said.", {{"Q2", "period", "2020-04-01/2020-06-30"}}},
    {EN,
     PUB,
     "Inflation averaged 3.2 percent in the first six months.",
     {{"the first six months", "period", "2020-01-01/2020-06-30"}}},

    /* One night across two days; a time or a part of the day before a weekday and its date;
     * holidays as cues and as dates (PUB is Wednesday 15 July 2020). */
    {VI,
     PUB,
     "Từ đêm 12 rạng sáng 13/7, mưa lớn kéo dài.",
     {{"Từ đêm 12 rạng sáng 13/7", "period", "2020-07-12/2020-07-13"}}},
    {VI,
     PUB,
     "Đêm 14/7 và rạng sáng 15/7, lũ dâng cao.",
     {{"Đêm 14/7 và rạng sáng 15/7", "period", "2020-07-14/2020-07-15"}}},
    {VI,
     PUB,
     "Lễ khai mạc lúc 8 giờ sáng thứ Hai (20/7) tại nhà văn hóa.",
     {{"8 giờ sáng thứ Hai (20/7)", "datetime", "2020-07-20T08:00:00+07:00"}}},
    {VI,
     PUB,
     "Sáng thứ Sáu (17/7), đoàn lên đường.",
     {{"Sáng thứ Sáu (17/7)", "date", "2020-07-17"}}},
    {VI,
     PUB,
     "Vào 14 giờ Chủ nhật, ngày 19/7, hội thi bế mạc.",
     {{"14 giờ Chủ nhật, ngày 19/7", "datetime", "2020-07-19T14:00:00+07:00"}}},
    {VI, PUB, "Dịp nghỉ lễ 2/9, khách đông.", {{"2/9", "date", "2020-09-02"}}},
    /* "tới" and "vừa qua" say which year (PUB is 15 July 2020). */
    {VI,
     PUB,
     "Luật có hiệu lực từ ngày 1-7 tới; dịp 30/4 vừa qua; từ 1/7 tới 30/9.",
     {{"ngày 1-7", "date", "2021-07-01"},
      {"30/4", "date", "2020-04-30"},
      {"từ 1/7 tới 30/9", "period", "2020-07-01/2020-09-30"}}},
    {VI, PUB, "Hội nghị ngày 10/1 sắp tới.", {{"ngày 10/1", "date", "2021-01-10"}}},
    /* A bare month one or two months before publication (January 2025 here) is the past one
     * when only the sentence speaks of the future; a word after it ("tới") makes it the next. */
    {VI,
     "2025-01-10T08:00+07:00",
     "Công ty cam kết sẽ trả đủ lương tháng 12 cho công nhân.",
     {{"tháng 12", "month", "2024-12"}}},
    {VI,
     "2025-01-10T08:00+07:00",
     "Doanh nghiệp sẽ thanh toán tiền thưởng tháng 11 trước Tết.",
     {{"tháng 11", "month", "2024-11"}}},
    {VI,
     "2025-01-10T08:00+07:00",
     "Công trình sẽ khánh thành vào tháng 12 tới.",
     {{"tháng 12", "month", "2025-12"}}},
    {VI,
     "2025-01-10T08:00+07:00",
     "Dự kiến tháng 10, dự án sẽ hoàn thành.",
     {{"tháng 10", "month", "2025-10"}}},
    {VI,
     "2025-01-10T08:00+07:00",
     "Tháng 12 vừa qua, xuất khẩu tăng.",
     {{"Tháng 12", "month", "2024-12"}}},
    {VI, "2025-01-10T08:00+07:00", "Giá sẽ tăng trong tháng 3.", {{"tháng 3", "month", "2025-03"}}},
    /* The tense of the sentence steers a missing year only when the nearest date is on the
     * wrong side of publication (PUB is 15 July 2020); mixed or no markers keep the nearest. */
    {VI, PUB, "Ngày 20/7, UBND tỉnh đã tổ chức hội nghị.", {{"Ngày 20/7", "date", "2019-07-20"}}},
    {VI, PUB, "Ngày 20/7, hội nghị diễn ra.", {{"Ngày 20/7", "date", "2020-07-20"}}},
    {VI,
     PUB,
     "Trước đó, ngày 20/7, đoàn kiểm tra làm việc tại xã.",
     {{"ngày 20/7", "date", "2019-07-20"}}},
    {VI,
     PUB,
     "Dự kiến ngày 10/7, công trình sẽ khánh thành.",
     {{"ngày 10/7", "date", "2021-07-10"}}},
    {VI, PUB, "Hạn chót nộp hồ sơ là ngày 12/7.", {{"ngày 12/7", "date", "2021-07-12"}}},
    {VI, PUB, "Ngày 10/7, Bộ đã thông báo sẽ tổ chức thi.", {{"Ngày 10/7", "date", "2020-07-10"}}},
    {VI,
     PUB,
     "Công trình khởi công ngày 10/7. Sẽ có 500 công nhân.",
     {{"ngày 10/7", "date", "2020-07-10"}}},
    {VI, PUB, "Ngày 20/7 tới, tỉnh đã lên kế hoạch.", {{"Ngày 20/7", "date", "2020-07-20"}}},
    {VI,
     PUB,
     "Dịp Quốc khánh 2/9 năm nay.",
     {{"2/9", "date", "2020-09-02"}, {"năm nay", "year", "2020"}}},
    {VI, PUB, "Cách mạng Tháng Tám năm 1945 thành công.", {{"năm 1945", "year", "1945"}}},
    {VI,
     PUB,
     "Lúc 19g tối qua mưa lớn; gói bột nặng 5g.",
     {{"19g tối qua", "datetime", "2020-07-14T19:00:00+07:00"}}},
    /* Lengths of time written like times of day. */
    {VI,
     PUB,
     "Thời gian đi rút ngắn còn khoảng 1 giờ, thay vì 2-3 giờ như hiện nay.",
     {{"1 giờ", "duration", "PT1H"}, {"3 giờ", "duration", "PT3H"}}},
    {VI,
     PUB,
     "Mưa lớn lúc 2-3 giờ sáng nay.",
     {{"3 giờ sáng nay", "datetime", "2020-07-15T03:00:00+07:00"}}},
    {VI,
     PUB,
     "Tết Nguyên đán Canh Tý 2020 đã qua.",
     {{"Tết Nguyên đán Canh Tý 2020", "date", "2020-01-25"}}},
    {VI, PUB, "Các chợ chuẩn bị đón Tết Tân Sửu.", {{"Tết Tân Sửu", "date", "2021-02-12"}}},
    {VI,
     PUB,
     "Nghỉ Tết Dương lịch 2021 theo quy định.",
     {{"Tết Dương lịch 2021", "date", "2021-01-01"}}},
    {VI, PUB, "Tết Nguyên đán sắp đến, trong 2/3 số hộ dự lễ.", {{0}}},
    /* Wire copy dates the events of the past week by weekday: the latest one on or before the
     * publication day (PUB is Wednesday 15 July 2020). */
    {EN, PUB, "The decree took effect on Monday.", {{"Monday", "date", "2020-07-13"}}},
    {EN, PUB, "Exports rose, data showed on Wednesday.", {{"Wednesday", "date", "2020-07-15"}}},
    {EN, PUB, "A Monday meeting and Sunday trading.", {{0}}},
    {EN,
     PUB,
     "Growth in the 2021-25 period and by mid-2022 slowed.",
     {{"2021-25", "period", "2021/2025"}, {"2022", "year", "2022"}}},
    {EN,
     PUB,
     "Sales rose in early 2021 and late 2020.",
     {{"2021", "year", "2021"}, {"2020", "year", "2020"}}},
    {EN, PUB, "Wednesday, July 15, 2020 was hot.", {{"July 15, 2020", "date", "2020-07-15"}}},
    {EN, PUB, "It rained for 24 hours.", {{"24 hours", "duration", "PT24H"}}},
    {EN,
     PUB,
     "Exports rose in the January-July period and in January-March 2021.",
     {{"January-July", "period", "2020-01/2020-07"},
      {"January-March 2021", "period", "2021-01/2021-03"}}},
    {EN, PUB, "Jan 5-7 2021 were cold.", {{"Jan 5-7 2021", "period", "2021-01-05/2021-01-07"}}},
    /* An en dash joins months and days like a hyphen. */
    {EN,
     PUB,
     "Exports in January–March 2021 and on Jan 5–7 2021 rose.",
     {{"January–March 2021", "period", "2021-01/2021-03"},
      {"Jan 5–7 2021", "period", "2021-01-05/2021-01-07"}}},
    /* "cùng ngày": the day of the last event dated to one day, in any paragraph; a period up to
     * today is no such day; the publication day when none came before. */
    {VI,
     PUB,
     "Sáng 12/7, xe bồn bị lật. Chiều cùng ngày, lực lượng chức năng đã khắc phục.",
     {{"Sáng 12/7", "date", "2020-07-12"}, {"Chiều cùng ngày", "date", "2020-07-12"}}},
    {VI,
     PUB,
     "Ngày 10/7, đồn bắt giữ tàu cá.\n\nTừ đầu năm đến nay, đơn vị bắt 27 vụ. Cùng ngày, tỉnh "
     "tổ chức diễn tập.",
     {{"Ngày 10/7", "date", "2020-07-10"},
      {"Từ đầu năm đến nay", "period", "2020-01-01/2020-07-15"},
      {"Cùng ngày", "date", "2020-07-10"}}},
    {VI,
     PUB,
     "Đêm 5 rạng sáng 6/7, mưa lớn. Đến 16 giờ cùng ngày, nước rút.",
     {{"Đêm 5 rạng sáng 6/7", "period", "2020-07-05/2020-07-06"},
      {"16 giờ cùng ngày", "datetime", "2020-07-06T16:00:00+07:00"}}},
    {VI, PUB, "Cùng ngày, UBND tỉnh họp bàn.", {{"Cùng ngày", "date", "2020-07-15"}}},
    {VI,
     PUB,
     "Hai sự kiện diễn ra cùng ngày 14/7 tại Cần Thơ.",
     {{"ngày 14/7", "date", "2020-07-14"}}},
    {VI, PUB, "Hai đội cùng ngày càng mạnh lên.", {{0}}},
    /* A day range in words; "to 20 percent" is no day. */
    {EN,
     PUB,
     "The games run from Dec. 9 to 20, 2025 in Thailand.",
     {{"from Dec. 9 to 20, 2025", "period", "2025-12-09/2025-12-20"}}},
    {EN,
     PUB,
     "The fair runs Nov. 3 through 6.",
     {{"Nov. 3 through 6", "period", "2020-11-03/2020-11-06"}}},
    /* "rose" tells of the past: the December before July 2020, not the nearer one ahead. */
    {EN, PUB, "Rates rose on Dec. 9 to 20 percent.", {{"Dec. 9", "date", "2019-12-09"}}},
    {EN, PUB, "Rates will rise on Dec. 9 to 20 percent.", {{"Dec. 9", "date", "2020-12-09"}}},
    /* A date without its year after "since" or a past participle is the last one. */
    {EN, PUB, "The licences were granted in November.", {{"November", "month", "2019-11"}}},
    /* "last" and "next" pick the year and belong to the mention; irregular past verbs steer a
     * bare month to the past as "-ed" does. */
    {EN, PUB, "The decree was signed last December.", {{"last December", "month", "2019-12"}}},
    {EN, PUB, "The airport will open next March.", {{"next March", "month", "2021-03"}}},
    {EN, PUB, "Exports rose in December, the office said.", {{"December", "month", "2019-12"}}},
    {EN, PUB, "The festival was held in November.", {{"November", "month", "2019-11"}}},
    {EN, PUB, "The plant will open in December.", {{"December", "month", "2020-12"}}},
    /* A year after "by" and before a preposition. */
    {EN, PUB, "It plans 150,000 MW by 2030 under the plan.", {{"2030", "year", "2030"}}},
    {EN, PUB, "Prices have doubled since November.", {{"November", "month", "2019-11"}}},
    {EN, PUB, "The fair opened on Dec. 2 in Hanoi.", {{"Dec. 2", "date", "2019-12-02"}}},
    {EN, PUB, "The plant is scheduled to open in November.", {{"November", "month", "2020-11"}}},
    {EN, PUB, "The bridge was scheduled in November.", {{"November", "month", "2020-11"}}},
    /* A month's full name opening a sentence is its subject (held out in session 9); "May"
     * opens sentences as a name. */
    {EN,
     "2026-11-28T16:12+07:00",
     "Arrivals rose. November alone saw 2.1 million arrivals.",
     {{"November", "month", "2026-11"}}},
    {EN, PUB, "May Nguyen said the plan works.", {{0}}},
    {EN, PUB, "The report named November Rain as the best song.", {{0}}},
    /* A day of a month named in words ("tháng Giêng", lunar) is no length of six months. */
    {VI, PUB, "Lễ hội khai mạc mùng 6 tháng Giêng.", {{0}}},
    {VI, PUB, "Dự án kéo dài 6 tháng.", {{"6 tháng", "duration", "P6M"}}},
    /* A time alone takes the day of a night across two days, not the last day of a longer
     * period. */
    {VI,
     PUB,
     "Đêm 5 rạng sáng 6/7, mưa lớn. Đến 4 giờ, nước rút.",
     {{"Đêm 5 rạng sáng 6/7", "period", "2020-07-05/2020-07-06"},
      {"4 giờ", "datetime", "2020-07-06T04:00:00+07:00"}}},
    {VI,
     PUB,
     "Từ nay đến cuối năm, tỉnh phấn đấu hoàn thành. Từ 6h đến 18h, cấm xe tải.",
     {{"Từ nay đến cuối năm", "period", "2020-07-15/2020-12-31"},
      {"Từ 6h đến 18h", "period", "2020-07-15T06:00:00+07:00/2020-07-15T18:00:00+07:00"}}},
    /* Recurring times (opening hours, daily bans) belong to no day: the record has no kind for
     * a time alone, so they are left out rather than dated to the publication day. */
    {VI,
     PUB,
     "Từ nay đến cuối năm, tỉnh phấn đấu hoàn thành. Từ 6h đến 18h hằng ngày, cấm xe tải.",
     {{"Từ nay đến cuối năm", "period", "2020-07-15/2020-12-31"}}},
    {VI, PUB, "Bảo tàng mở cửa từ 7h30 đến 11h các ngày trong tuần.", {{0}}},
    {VI, PUB, "Điểm tiêm mở cửa từ 7h30 đến 11h và từ 13h30 đến 16h30 các ngày trong tuần.", {{0}}},
    {VI, PUB, "Chợ mở cửa hằng ngày từ 8h.", {{0}}},
    {VI,
     PUB,
     "Hằng ngày, từ 6 giờ đến 22 giờ, xe buýt chạy 15 phút một chuyến.",
     {{"15 phút", "duration", "PT15M"}}},
    {VI, PUB, "Mỗi ngày, khoảng 17h, người dân tập trung ở công viên.", {{0}}},
    {VI, PUB, "Phà chạy từ 5h đến 23h hàng ngày.", {{0}}},
    {VI, PUB, "Ngân hàng làm việc từ 8h đến 16h30 từ thứ Hai đến thứ Sáu hằng tuần.", {{0}}},
    /* Negatives: a time on named days, or on a day without a recurring word, keeps its day. */
    {VI,
     PUB,
     "Từ 8h các ngày 16 và 17/7, đoàn làm việc tại xã.",
     {{"8h", "datetime", "2020-07-15T08:00:00+07:00"},
      {"ngày 16", "date", "2020-07-16"},
      {"17/7", "date", "2020-07-17"}}},
    {VI,
     PUB,
     "Đến 17h, nước rút; người dân dọn dẹp các ngõ.",
     {{"17h", "datetime", "2020-07-15T17:00:00+07:00"}}},
    {VI,
     PUB,
     "Sáng 12/7, chợ mở cửa từ 7h đến 11h.",
     {{"Sáng 12/7", "date", "2020-07-12"},
      {"từ 7h đến 11h", "period", "2020-07-12T07:00:00+07:00/2020-07-12T11:00:00+07:00"}}},
    /* Weather bulletins (session 8): a night, a morning or an afternoon with a bare day opens a
     * range whose end gives the month. */
    {VI,
     PUB,
     "Mưa lớn từ đêm 6 đến hết ngày 8/7.",
     {{"từ đêm 6 đến hết ngày 8/7", "period", "2020-07-06/2020-07-08"}}},
    {VI,
     PUB,
     "Mưa kéo dài từ đêm 12 đến sáng 14/7 gây ngập.",
     {{"từ đêm 12 đến sáng 14/7", "period", "2020-07-12/2020-07-14"}}},
    {VI,
     PUB,
     "Từ chiều 6 đến đêm 7/7, Bắc Bộ mưa to.",
     {{"Từ chiều 6 đến đêm 7/7", "period", "2020-07-06/2020-07-07"}}},
    /* Hours and minutes after "còn", "mất" (an estimate between) are how long; after "sau" a
     * clock time. */
    {VI,
     PUB,
     "Thời gian di chuyển rút ngắn còn khoảng 1 giờ 30 phút.",
     {{"1 giờ 30 phút", "duration", "PT1H30M"}}},
    {VI, PUB, "Chuyến bay mất 2 giờ 15 phút.", {{"2 giờ 15 phút", "duration", "PT2H15M"}}},
    {VI,
     PUB,
     "Sau 14 giờ 30 phút ngày 20/7, mưa tạnh.",
     {{"14 giờ 30 phút ngày 20/7", "datetime", "2020-07-20T14:30:00+07:00"}}},
    /* "cùng ngày" after a deadline is the day of the news, not the deadline's. */
    {VI,
     PUB,
     "Sáng 14/7, lễ khởi công diễn ra. Bộ yêu cầu hoàn thành trước ngày 31/12/2028. Cùng ngày, "
     "Cục Đường bộ Việt Nam họp.",
     {{"Sáng 14/7", "date", "2020-07-14"},
      {"ngày 31/12/2028", "date", "2028-12-31"},
      {"Cùng ngày", "date", "2020-07-14"}}},
    {VI,
     PUB,
     "Ngày 5/7, tỉnh họp. Hạn chót là 30/7. Chiều cùng ngày, đoàn về.",
     {{"Ngày 5/7", "date", "2020-07-05"},
      {"30/7", "date", "2020-07-30"},
      {"Chiều cùng ngày", "date", "2020-07-05"}}},
    /* English weekdays as the ends of a span, with their part of the day. */
    {EN,
     PUB,
     "Rain fell from Sunday night to Tuesday morning.",
     {{"from Sunday night to Tuesday morning", "period", "2020-07-12/2020-07-14"}}},
    {EN, PUB, "The storm hit on Monday afternoon.", {{"Monday afternoon", "date", "2020-07-13"}}},
    /* Market reports date a session by its day ("Kết phiên 28/10", "phiên giao dịch 26/11"),
     * not a share of something ("giao dịch 1/3 số cổ phiếu"); a weekday after "from" is a past
     * session; "9 tháng" before a figure is a count of months. */
    {VI, PUB, "Kết phiên 20/7, cổ phiếu VCB tăng 1,5%.", {{"20/7", "date", "2020-07-20"}}},
    {VI,
     PUB,
     "Chốt phiên giao dịch 14/7, VN-Index tăng 12 điểm.",
     {{"14/7", "date", "2020-07-14"}}},
    {VI, PUB, "Quỹ đã giao dịch 1/3 số cổ phiếu.", {{0}}},
    {EN, PUB, "The dollar was up VND10 from Monday.", {{"Monday", "date", "2020-07-13"}}},
    {VI,
     PUB,
     "Ngân hàng báo lãi trước thuế 9 tháng 24.100 tỷ đồng.",
     {{"9 tháng", "duration", "P9M"}}},
    /* Economy and finance (session 8): a trading session names its day; running totals and
     * averages over the year's first months ("lũy kế", "CPI bình quân") once they have passed
     * (a term stays a length); "so far this year" is the year to date. */
    {VI,
     "2024-10-31T06:00+07:00",
     "Cổ phiếu BID đóng cửa phiên 30/10 ở mức 48.900 đồng.",
     {{"30/10", "date", "2024-10-30"}}},
    {VI,
     "2024-06-25T15:32+07:00",
     "Kết thúc phiên giao dịch 25/6, VN-Index tăng 12,35 điểm.",
     {{"25/6", "date", "2024-06-25"}}},
    {VI, "2024-06-25T15:32+07:00", "Đây là phiên thứ 5 liên tiếp khối ngoại bán ròng.", {{0}}},
    {VI,
     "2024-10-06T11:40+07:00",
     "CPI bình quân 9 tháng tăng 3,88%.",
     {{"9 tháng", "period", "2024-01-01/2024-09-30"}}},
    {VI,
     "2024-11-05T09:15+07:00",
     "Lũy kế 10 tháng, thu ngân sách đạt 1,69 triệu tỷ đồng.",
     {{"10 tháng", "period", "2024-01-01/2024-10-31"}}},
    {VI, "2024-10-06T11:40+07:00", "Kỳ hạn bình quân 9 tháng.", {{"9 tháng", "duration", "P9M"}}},
    {VI,
     "2024-03-10T09:15+07:00",
     "CPI bình quân 9 tháng tăng 3,88%.",
     {{"9 tháng", "duration", "P9M"}}},
    {EN,
     "2024-10-23T16:45+07:00",
     "The dong has lost 4.6 percent so far this year.",
     {{"this year", "period", "2024-01-01/2024-10-23"}}},
};

/* "YYYY-MM-DDTHH:MM+HH:MM" */
static struct enrich_moment moment(const char *text)
{
    struct enrich_moment m;
    memset(&m, 0, sizeof(m));
    if (text == NULL) {
        return m;
    }
    char sign;
    int th, tm;
    if (sscanf(text, "%d-%d-%dT%d:%d%c%d:%d", &m.year, &m.month, &m.day, &m.hour, &m.minute, &sign,
               &th, &tm) != 8) {
        fail_msg("bad moment %s", text);
    }
    m.tz_offset_minutes = (sign == '-' ? -1 : 1) * (th * 60 + tm);
    m.known = true;
    return m;
}

static void make_doc(struct enrich_doc *doc, enum enrich_lang lang, const char *published,
                     const char *text, size_t len)
{
    memset(doc, 0, sizeof(*doc));
    doc->lang = lang;
    doc->published = moment(published);
    for (int i = 0; i < ENRICH_SEG_COUNT; i++) {
        doc->seg[i].s = "";
    }
    doc->seg[ENRICH_SEG_TEXT].s = text;
    doc->seg[ENRICH_SEG_TEXT].len = len;
}

static const char *str(json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v ? v : "(missing)";
}

static void print_found(json_t *found)
{
    size_t i;
    json_t *v;
    json_array_foreach(found, i, v)
    {
        print_message("      found: \"%s\" %s %s\n", str(v, "text"), str(v, "kind"),
                      str(v, "value"));
    }
}

/* Checks one case; returns 1 when it fails (and says why). */
static int run_case(const struct date_case *c)
{
    struct enrich_doc doc;
    make_doc(&doc, c->lang, c->published, c->input, strlen(c->input));
    json_t *found = json_array();
    assert_non_null(found);
    assert_int_equal(enrich_dates_find(&doc, found, NULL), 0);
    size_t want = 0;
    while (want < 5 && c->out[want].text != NULL) {
        want++;
    }
    int bad = json_array_size(found) != want;
    for (size_t i = 0; !bad && i < want; i++) {
        json_t *v = json_array_get(found, i);
        const struct expect *e = &c->out[i];
        json_int_t start = json_integer_value(json_object_get(v, "start"));
        json_int_t end = json_integer_value(json_object_get(v, "end"));
        bad |= strcmp(str(v, "text"), e->text) != 0 || strcmp(str(v, "kind"), e->kind) != 0 ||
               strcmp(str(v, "value"), e->value) != 0 || strcmp(str(v, "role"), "mentioned") != 0;
        /* Offsets are bytes into the text: they must give back the text exactly. */
        bad |= start < 0 || end <= start || (size_t)end > strlen(c->input) ||
               strncmp(c->input + start, e->text, (size_t)(end - start)) != 0 ||
               strlen(e->text) != (size_t)(end - start);
    }
    if (bad) {
        print_message("FAIL [%s] %s\n", c->published ? c->published : "no date", c->input);
        for (size_t i = 0; i < want; i++) {
            print_message("   expected: \"%s\" %s %s\n", c->out[i].text, c->out[i].kind,
                          c->out[i].value);
        }
        print_found(found);
    }
    json_decref(found);
    return bad;
}

static void test_date_table(void **state)
{
    (void)state;
    size_t n = sizeof(cases) / sizeof(cases[0]);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        failures += run_case(&cases[i]);
    }
    print_message("%zu date cases, %d failed\n", n, failures);
    assert_true(n >= 120);
    assert_int_equal(failures, 0);
}

/* Words, numbers and marks that the scanners react to, mixed at random. */
static const char *const fragments[] = {"ngày",       "Ngày",        "tháng",
                                        "năm",        "quý",         "I",
                                        "IV",         "giờ",         "phút",
                                        "sáng",       "chiều",       "tối",
                                        "nay",        "qua",         "mai",
                                        "hôm",        "từ",          "đến",
                                        "tới",        "và",          "tuần",
                                        "trước",      "giai đoạn",   "nhiệm kỳ",
                                        "15",         "7",           "2020",
                                        "31",         "2",           "12",
                                        "0",          "1999",        "/",
                                        "-",          ".",           ",",
                                        ":",          "–",           "h",
                                        "%",          "“",           "”",
                                        "…",          "đồng",        "triệu",
                                        "tỷ",         "hơn",         "9.720",
                                        "98,7",       "số",          "Quyết định",
                                        "QĐ/TW",      "Jan",         "January",
                                        "in",         "from",        "to",
                                        "p.m.",       "Q1",          "years",
                                        "ÐĐ",         "\n",          "  ",
                                        "thứ",        "Hai",         "(",
                                        ")",          "lúc",         "rạng",
                                        "mười",       "hai",         "15/7/2020",
                                        "ngày 15/7",  "14 giờ 30",   "6 tháng đầu năm 2020",
                                        "quý I/2020", "10 năm",      "từ ngày 1",
                                        "đến 20/8",   "hôm qua",     "năm 2020",
                                        "2021-2025",  "Jan 5, 2024", "in 2023",
                                        "15-7-2020",  "14h30",       "tháng 7/2020",
                                        "Ð",          "ð",           "\xCC\x81"};

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) & 0xFFFFFF;
}

static bool on_boundary(const char *s, size_t len, size_t pos)
{
    return pos == len || ((unsigned char)s[pos] & 0xC0) != 0x80;
}

static int check_spans(const char *text, size_t len, json_t *found)
{
    int bad = 0;
    json_int_t prev_end = 0;
    size_t i;
    json_t *v;
    json_array_foreach(found, i, v)
    {
        json_int_t start = json_integer_value(json_object_get(v, "start"));
        json_int_t end = json_integer_value(json_object_get(v, "end"));
        const char *t = str(v, "text");
        if (start < prev_end || end <= start || (size_t)end > len ||
            !on_boundary(text, len, (size_t)start) || !on_boundary(text, len, (size_t)end) ||
            strlen(t) != (size_t)(end - start) || memcmp(text + start, t, strlen(t)) != 0 ||
            strlen(str(v, "value")) == 0) {
            print_message("bad span %lld-%lld \"%s\" in \"%s\"\n", (long long)start, (long long)end,
                          t, text);
            bad++;
        }
        prev_end = end;
    }
    return bad;
}

static void test_spans_slice_exactly(void **state)
{
    (void)state;
    char text[2048];
    int bad = 0;
    size_t total_spans = 0;
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
        make_doc(&doc, round % 4 == 3 ? EN : VI, round % 5 == 4 ? NULL : PUB, text, len);
        json_t *found = json_array();
        assert_int_equal(enrich_dates_find(&doc, found, NULL), 0);
        total_spans += json_array_size(found);
        bad += check_spans(text, len, found);
        json_decref(found);
    }
    print_message("%zu spans checked\n", total_spans);
    assert_true(total_spans > 1000);
    assert_int_equal(bad, 0);
}

/* Bytes that are not UTF-8, truncated sequences, NUL-free noise: no crash, no bad span. */
static void test_raw_bytes(void **state)
{
    (void)state;
    char text[512];
    int bad = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = 1 + rng() % (sizeof(text) - 1);
        for (size_t i = 0; i < len; i++) {
            uint32_t r = rng();
            text[i] = r % 4 == 0 ? "0123456789/-.: "[r % 15] : (char)((r % 255) + 1);
        }
        text[len] = '\0';
        struct enrich_doc doc;
        make_doc(&doc, round % 2 ? EN : VI, PUB, text, len);
        json_t *found = json_array();
        assert_int_equal(enrich_dates_find(&doc, found, NULL), 0);
        size_t i;
        json_t *v;
        json_array_foreach(found, i, v)
        {
            json_int_t end = json_integer_value(json_object_get(v, "end"));
            bad += (size_t)end > len;
        }
        json_decref(found);
    }
    assert_int_equal(bad, 0);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct enrich_doc doc;
    make_doc(&doc, VI, PUB, "ngày 15/7/2020", 14);
    json_t *obj = json_object();
    assert_int_equal(enrich_dates_find(&doc, obj, NULL), ENRICH_ERR_INVALID);
    assert_int_equal(enrich_dates_find(NULL, obj, NULL), ENRICH_ERR_INVALID);
    json_decref(obj);
    /* Only the given length is read: the date beyond it is not seen. */
    json_t *found = json_array();
    make_doc(&doc, VI, PUB, "năm 2020 ngày 15/7/2020", strlen("năm 2020"));
    assert_int_equal(enrich_dates_find(&doc, found, NULL), 0);
    assert_int_equal(json_array_size(found), 1);
    assert_string_equal(str(json_array_get(found, 0), "value"), "2020");
    json_decref(found);
}

/* The span list gets every mention, also those the record leaves out: without a publication
 * moment "Hôm qua" cannot be resolved, yet its words are a date's and the figures must skip
 * them. */
static void test_span_list(void **state)
{
    (void)state;
    const char *text = "Hôm qua có 5 người, ngày 20/7/2020 có 7 người.";
    struct enrich_doc doc;
    make_doc(&doc, VI, NULL, text, strlen(text));
    json_t *found = json_array();
    struct enrich_date_spans spans = {0};
    assert_int_equal(enrich_dates_find(&doc, found, &spans), 0);
    assert_int_equal(json_array_size(found), 1);
    assert_string_equal(str(json_array_get(found, 0), "text"), "ngày 20/7/2020");
    assert_int_equal(spans.n, 2);
    assert_int_equal(spans.start[0], 0);
    assert_int_equal(spans.end[0], strlen("Hôm qua"));
    assert_int_equal(spans.start[1], strlen("Hôm qua có 5 người, "));
    assert_int_equal(spans.end[1], strlen("Hôm qua có 5 người, ngày 20/7/2020"));
    json_decref(found);
    enrich_date_spans_release(&spans);
    assert_null(spans.start);
    assert_int_equal(spans.n, 0);
}

/* The scanners' lowercase mapping answers the Vietnamese letters from their ranges: it must agree
 * with utf8proc on every code point of the scripts articles use, and on the case-insensitive
 * matching of cue words written in capitals. */
static void test_lower_matches_utf8proc(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp < 0x3000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            continue;
        }
        assert_int_equal(enrich_lex_lower_cp(cp), (uint32_t)utf8proc_tolower((int32_t)cp));
    }
    assert_int_equal(enrich_lex_lower_cp(0x1EFE), 0x1EFF);
    assert_int_equal(enrich_lex_lower_cp(0x130), (uint32_t)utf8proc_tolower(0x130));
    const char *caps = "THÁNG TƯ ĐẾN";
    assert_int_equal(enrich_lex_match(caps, strlen(caps), 0, "tháng"), 6);
    assert_int_equal(enrich_lex_match(caps, strlen(caps), 7, "tư"), 10);
    assert_int_equal(enrich_lex_match(caps, strlen(caps), 11, "đến"), strlen(caps));
    assert_int_equal(enrich_lex_match(caps, strlen(caps), 11, "đèn"), 0);
    assert_int_equal(enrich_lex_match(caps, strlen(caps), 0, "thang"), 0);
}

/* enrich_lex_fold answers most letters of Vietnamese from their bytes: over all of Unicode it
 * must write what lowercasing the code point writes, also for a letter cut short. */
static void test_fold_matches_lower(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            continue;
        }
        char in[8], want[8], got[16];
        size_t n = enrich_utf8_encode((int32_t)cp, in);
        in[n] = 'x';
        size_t w = enrich_utf8_encode((int32_t)enrich_lex_lower_cp(cp), want);
        size_t g = enrich_lex_fold(in, 0, n, got, sizeof(got));
        if (cp == 0) {
            continue; /* the fold of a NUL is the empty string's terminator */
        }
        if (g != w || memcmp(got, want, w) != 0 || got[g] != '\0') {
            print_message("U+%04X folds wrong\n", cp);
            fail();
        }
    }
    /* A lead byte without its continuation, or cut by the end, is copied as it is. */
    char got[16];
    assert_int_equal(enrich_lex_fold("\xC3x", 0, 2, got, sizeof(got)), 2);
    assert_memory_equal(got, "\xC3x", 3);
    assert_int_equal(enrich_lex_fold("\xC3\x80", 0, 1, got, sizeof(got)), 1);
    assert_memory_equal(got, "\xC3", 2);
    assert_int_equal(enrich_lex_fold("\xE1\xBA\xA0", 0, 2, got, sizeof(got)), 2);
    assert_memory_equal(got, "\xE1\xBA", 3);
    assert_int_equal(enrich_lex_fold("\xE1\xBB"
                                     "A",
                                     0, 3, got, sizeof(got)),
                     3);
    assert_memory_equal(got,
                        "\xE1\xBB"
                        "a",
                        4);
    /* "ĐẠI" does not fit in 5 bytes and the terminator. */
    assert_int_equal(enrich_lex_fold("\xC4\x90\xE1\xBA\xA0I", 0, 6, got, 6), 0);
    assert_int_equal(enrich_lex_fold("\xC4\x90\xE1\xBA\xA0I", 0, 6, got, 7), 6);
    assert_string_equal(got, "\xC4\x91\xE1\xBA\xA1i");
}

/* The record's spans are checked for UTF-8 with a shortcut for two- and three-byte letters:
 * every code point passes, ill-formed sequences do not. */
static void test_valid_utf8(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            continue;
        }
        char in[8];
        size_t n = enrich_utf8_encode((int32_t)cp, in);
        assert_true(enrich_lex_valid_utf8(in, n));
        assert_false(n > 1 && enrich_lex_valid_utf8(in, n - 1)); /* cut short */
    }
    static const char *const bad[] = {"\xC0\x80",
                                      "\xC1\xBF",
                                      "\xE0\x80\x80",
                                      "\xE0\x9F\xBF",
                                      "\xED\xA0\x80",
                                      "\xED\xBF\xBF",
                                      "\xF0\x80\x80\x80",
                                      "\xF4\x90\x80\x80",
                                      "\xF5\x80\x80\x80",
                                      "\x80",
                                      "\xBF",
                                      "\xC3\x28",
                                      "\xE1\xBA\x28",
                                      "\xE1\x28\xA0",
                                      "\xEF\xBF",
                                      "\xFE",
                                      "\xFF"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(enrich_lex_valid_utf8(bad[i], strlen(bad[i])));
    }
}

/* enrich_lex_match compares a capital of the common blocks with a pattern's small letter from
 * the bytes: for every small letter of Vietnamese and every character of the first blocks of
 * Unicode, it must match exactly when the character is the letter or lowercases to it. */
static void test_match_letters(void **state)
{
    (void)state;
    static const uint32_t latin1[] = {0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEA, 0xEC,
                                      0xED, 0xF2, 0xF3, 0xF4, 0xF5, 0xF9, 0xFA, 0xFD};
    uint32_t small[160];
    size_t n_small = 0;
    for (size_t i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++) {
        small[n_small++] = latin1[i];
    }
    static const uint32_t ext[] = {0x103, 0x111, 0x129, 0x169, 0x1A1, 0x1B0};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        small[n_small++] = ext[i];
    }
    for (uint32_t cp = 0x1EA1; cp <= 0x1EF9; cp += 2) {
        small[n_small++] = cp;
    }
    for (size_t k = 0; k < n_small; k++) {
        char pat[8];
        pat[enrich_utf8_encode((int32_t)small[k], pat)] = '\0';
        for (uint32_t cp = 0x80; cp < 0x3000; cp++) {
            char text[8];
            size_t n = enrich_utf8_encode((int32_t)cp, text);
            text[n] = ' ';
            bool want = cp == small[k] || enrich_lex_lower_cp(cp) == small[k];
            if ((enrich_lex_match(text, n + 1, 0, pat) == n) != want) {
                print_message("U+%04X against U+%04X\n", cp, small[k]);
                fail();
            }
        }
    }
}

/* enrich_lex_match_any settles entries by their first byte: capitals, non-ASCII first letters,
 * the longest match and the end of the text. */
static void test_match_any(void **state)
{
    (void)state;
    static const char *const pats[] = {"tháng", "từ", "đến", "Đ", "to", "tới", NULL};
    const char *t = "ĐẾN nay, Từ tHÁNG 7 tới";
    size_t len = strlen(t);
    int which = -1;
    assert_int_equal(enrich_lex_match_any(t, len, 0, pats, &which), strlen("ĐẾN"));
    assert_int_equal(which, 2);
    size_t tu = strlen("ĐẾN nay, ");
    assert_int_equal(enrich_lex_match_any(t, len, tu, pats, &which), tu + strlen("Từ"));
    assert_int_equal(which, 1);
    size_t th = tu + strlen("Từ ");
    assert_int_equal(enrich_lex_match_any(t, len, th, pats, &which), th + strlen("tHÁNG"));
    assert_int_equal(which, 0);
    assert_int_equal(enrich_lex_match_any(t, len, th + strlen("tHÁNG "), pats, NULL), 0);
    assert_int_equal(enrich_lex_match_any(t, len, len - strlen("tới"), pats, NULL), len);
    assert_int_equal(enrich_lex_match_any(t, len, len, pats, NULL), 0);
    assert_int_equal(enrich_lex_match_any("Đ.", 3, 0, pats, &which), 2);
    assert_int_equal(which, 3);
}

/* enrich_lex_in answers from an index built on the first call for a list: every entry is
 * found, the empty word only when listed, and words that share a prefix or a hash bucket with an
 * entry are not. */
static void test_lex_in(void **state)
{
    (void)state;
    static const char *const many[] = {"năm", "tháng", "tuần",  "quý", "ngày", "hôm",  "nay", "qua",
                                       "tới", "sau",   "trước", "đầu", "cuối", "giữa", "cả",  "này",
                                       "ấy",  "đó",    "kia",   "mai", "mốt",  NULL};
    static const char *const with_empty[] = {"a", "", NULL};
    static const char *const none[] = {NULL};
    for (int round = 0; round < 2; round++) { /* the second round reads the index built */
        for (int i = 0; many[i] != NULL; i++) {
            assert_true(enrich_lex_in(many[i], many));
        }
        assert_false(enrich_lex_in("", many));
        assert_false(enrich_lex_in("nă", many));
        assert_false(enrich_lex_in("năms", many));
        assert_false(enrich_lex_in("Năm", many));
        assert_true(enrich_lex_in("", with_empty));
        assert_true(enrich_lex_in("a", with_empty));
        assert_false(enrich_lex_in("b", with_empty));
        assert_false(enrich_lex_in("", none));
        assert_false(enrich_lex_in("năm", none));
    }
}

/* Lists no other test asks about, so that the threads below race to build their indexes. */
static const char *const race_a[] = {"một", "hai", "ba", "bốn", "năm", NULL};
static const char *const race_b[] = {"sáu", "bảy", "tám", "chín", "mười", NULL};
static const char *const race_c[] = {"one", "two", "three", "four", NULL};
static const char *const race_d[] = {"five", "six", "seven", "eight", "nine", "ten", NULL};
static const char *const *const race_lists[] = {race_a, race_b, race_c, race_d};

static void *race_lookups(void *arg)
{
    long *bad = arg;
    for (int round = 0; round < 200; round++) {
        for (size_t l = 0; l < sizeof(race_lists) / sizeof(race_lists[0]); l++) {
            for (size_t i = 0; race_lists[l][i] != NULL; i++) {
                *bad += !enrich_lex_in(race_lists[l][i], race_lists[l]);
            }
            *bad += enrich_lex_in("mười một", race_lists[l]);
        }
    }
    return NULL;
}

/* Threads that ask about the same new lists at once all get right answers (the indexes are
 * published with a compare-and-swap; the sanitizer build would see a use after free). */
static void test_lex_in_threads(void **state)
{
    (void)state;
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    long bad[THREADS] = {0};
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, race_lookups, &bad[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(bad[i], 0);
    }
}

static size_t utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The date scanner only tries the start words as long in bytes as the word of the text: that
 * holds because a character whose lowercase is a small letter of Vietnamese (the non-ASCII
 * letters the cue words hold) is as long as it. ASCII letters of a pattern only match ASCII. */
static void test_lowercase_keeps_length(void **state)
{
    (void)state;
    /* à á â ã è é ê ì í ò ó ô õ ù ú ý, less 0xC0 */
    static const char latin1[] = {0x20, 0x21, 0x22, 0x23, 0x28, 0x29, 0x2A, 0x2C, 0x2D,
                                  0x32, 0x33, 0x34, 0x35, 0x39, 0x3A, 0x3D, 0};
    for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            continue;
        }
        uint32_t low = enrich_lex_lower_cp(cp);
        bool vi_letter =
            (low >= 0xE0 && low <= 0xFD && strchr(latin1, (int)(low - 0xC0)) != NULL) ||
            low == 0x103 || low == 0x111 || low == 0x129 || low == 0x169 || low == 0x1A1 ||
            low == 0x1B0 || (low >= 0x1EA1 && low <= 0x1EF9);
        if (low != cp && vi_letter && utf8_len(low) != utf8_len(cp)) {
            print_message("U+%04X lowercases to U+%04X of another length\n", cp, low);
            fail();
        }
    }
}

/* The digit search reads eight bytes at a time: bytes whose low seven bits look like digits
 * (0xB0..0xB9, inside "ư" and "ồ") are not digits, and every position of the first digit within
 * and across the eight-byte steps is found. */
static void test_next_digit(void **state)
{
    (void)state;
    const char *t = "Tư ưư ồ \xC2\xB9 /:";
    assert_int_equal(enrich_lex_next_digit(t, strlen(t), 0), strlen(t));
    char buf[40];
    for (size_t at = 0; at < 24; at++) {
        for (char d = '0'; d <= '9'; d += 9) {
            memset(buf, 'x', sizeof buf);
            memcpy(buf, "\xC6\xB0\xC6\xB0", 4); /* "ưư": 0xB0 bytes before the digit */
            if (at >= 4) {
                buf[at] = d;
            }
            size_t want = at >= 4 ? at : 30;
            assert_int_equal(enrich_lex_next_digit(buf, 30, 0), want);
            assert_int_equal(enrich_lex_next_digit(buf, 30, at >= 4 ? at : 0), want);
        }
    }
    assert_int_equal(enrich_lex_next_digit("abc", 3, 3), 3);
    assert_int_equal(enrich_lex_next_digit("a9", 2, 1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_table),
        cmocka_unit_test(test_spans_slice_exactly),
        cmocka_unit_test(test_raw_bytes),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_span_list),
        cmocka_unit_test(test_lower_matches_utf8proc),
        cmocka_unit_test(test_next_digit),
        cmocka_unit_test(test_lowercase_keeps_length),
        cmocka_unit_test(test_lex_in),
        cmocka_unit_test(test_lex_in_threads),
        cmocka_unit_test(test_fold_matches_lower),
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_match_letters),
        cmocka_unit_test(test_match_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
