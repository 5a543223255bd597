/* The structure pass: datelines, bylines, captions, boilerplate and source tags as tables, then
 * whole header/footer layouts through enrich_structure_split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "enrich_internal.h"

/* ---- datelines ---- */

struct dateline_case {
    const char *line;
    int rc;
    const char *value; /* enrich_timestamp_format, when rc == 1 */
};

static const struct dateline_case datelines[] = {
    {"15/07/2020 - 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"15/07/2020 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"15-07-2020 - 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"15.07.2020 | 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"5/7/2020 8:05", 1, "2020-07-05T08:05:00+07:00"},
    {"Thứ tư, 15/07/2020 21:29 (GMT+7)", 1, "2020-07-15T21:29:00+07:00"},
    {"Thứ Tư, 15/7/2020, 21:29 GMT+7", 1, "2020-07-15T21:29:00+07:00"},
    {"Thứ 4, 15/07/2020 - 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"Chủ nhật, 19/07/2020 06:00 (GMT+07:00)", 1, "2020-07-19T06:00:00+07:00"},
    {"Cập nhật: 21:29 15/07/2020", 1, "2020-07-15T21:29:00+07:00"},
    {"Cập nhật lúc 21:29, 15/07/2020", 1, "2020-07-15T21:29:00+07:00"},
    {"Ngày đăng: 15/07/2020", 1, "2020-07-15"},
    {"15/07/2020", 1, "2020-07-15"},
    {"21h29 ngày 15/7/2020", 1, "2020-07-15T21:29:00+07:00"},
    {"Thứ tư, ngày 15 tháng 7 năm 2020", 1, "2020-07-15"},
    {"15/07/2020 21:29:05", 1, "2020-07-15T21:29:05+07:00"},
    {"15/07/2020 09:29 PM", 1, "2020-07-15T21:29:00+07:00"},
    {"15/07/2020 09:29 SA", 1, "2020-07-15T09:29:00+07:00"},
    {"2020-07-15 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"July 15, 2020 9:29 PM GMT+7", 1, "2020-07-15T21:29:00+07:00"},
    {"Wednesday, July 15, 2020", 1, "2020-07-15"},
    {"Jul 15, 2020 14:29 GMT", 1, "2020-07-15T14:29:00+00:00"},
    {"15 July 2020 21:29 (ICT)", 1, "2020-07-15T21:29:00+07:00"},
    {"Updated: 15/07/2020 21:29", 1, "2020-07-15T21:29:00+07:00"},
    {"2020-07-15T21:29:00+07:00", 1, "2020-07-15T21:29:00+07:00"},
    {"2020-07-15T14:29:00Z", 1, "2020-07-15T14:29:00+00:00"},
    {"Sat, 18 Jul 2020 10:00:00 +0700", 1, "2020-07-18T10:00:00+07:00"},
    {"Z 15/07/2020", 0, NULL},
    {"Ngày đăng: 15/07/2020 21:29 - Cập nhật: 16/07/2020 08:00", 1, "2020-07-15T21:29:00+07:00"},
    {"Posted: July 15, 2020 | Updated: July 16, 2020", 1, "2020-07-15"},
    {"15/07/2020 - Cập nhật tin mới nhất", 0, NULL},
    {"31/02/2020 - 10:00", -1, NULL},
    {"15/13/2020", -1, NULL},
    {"15/07/2020 - 25:10", -1, NULL},
    /* CafeF writes a 24-hour time with "PM"; with "AM" it cannot exist. */
    {"15/07/2020 - 15:00 PM", 1, "2020-07-15T15:00:00+07:00"},
    {"15/07/2020 - 15:00 AM", -1, NULL},
    {"15/07/2020 - 00:30 PM", -1, NULL},
    {"Ngày 15-7-2020, Thành ủy Cần Thơ tổ chức hội nghị", 0, NULL},
    {"15/07/2020 - 21:29 | Lượt xem: 1.234", 0, NULL},
    {"Hà Nội, 15/07/2020", 0, NULL},
    {"15/07/2020 - 16/07/2020", 0, NULL},
    {"2020", 0, NULL},
    {"21:29", 0, NULL},
    {"Thông tư 08/2021/TT-BYT", 0, NULL},
    {"", 0, NULL},
};

/* A place, then the dateline, on the line under the title. */
static const struct dateline_case placed_datelines[] = {
    {"Hà Nội - 06/11/2023 09:15", 1, "2023-11-06T09:15:00+07:00"},
    {"TP.HCM, 06/11/2023", 1, "2023-11-06"},
    {"Cần Thơ, ngày 6/11/2023", 1, "2023-11-06"},
    {"TP. Hồ Chí Minh – 6/11/2023, 10:20", 1, "2023-11-06T10:20:00+07:00"},
    {"HÀ NỘI | 06/11/2023", 1, "2023-11-06"},
    {"Hanoi, November 6, 2023", 1, "2023-11-06"},
    {"Đà Nẵng, 31/02/2023", -1, NULL},
    {"Tin mới - 06/11/2023", 0, NULL},
    {"Hà Nội, ngày 6/11/2023, Thành ủy tổ chức hội nghị", 0, NULL},
    {"Hà Nội, 6/11", 0, NULL},
    {"Q.1, TP.HCM, 06/11/2023", 0, NULL},
    {"Hà Nội - Hải Phòng", 0, NULL},
    {"06/11/2023 09:15", 0, NULL},
    {"Hà Nội", 0, NULL},
    {"", 0, NULL},
};

static int check_datelines(const struct dateline_case *cases, size_t n,
                           int (*parse)(const char *, size_t, struct enrich_timestamp *))
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const struct dateline_case *c = &cases[i];
        struct enrich_timestamp ts;
        memset(&ts, 0, sizeof ts);
        int rc = parse(c->line, strlen(c->line), &ts);
        char value[32] = "";
        if (rc == 1) {
            enrich_timestamp_format(&ts, value);
        }
        if (rc != c->rc || (c->value && strcmp(value, c->value) != 0)) {
            printf("dateline \"%s\": got %d %s, want %d %s\n", c->line, rc, value, c->rc,
                   c->value ? c->value : "");
            failures++;
        }
    }
    return failures;
}

static void test_datelines(void **state)
{
    (void)state;
    assert_int_equal(
        check_datelines(datelines, sizeof datelines / sizeof datelines[0], enrich_dateline_parse),
        0);
    assert_int_equal(check_datelines(placed_datelines,
                                     sizeof placed_datelines / sizeof placed_datelines[0],
                                     enrich_dateline_parse_placed),
                     0);
}

/* ---- ISO timestamps ---- */

struct iso_case {
    const char *in;
    const char *out; /* NULL: rejected */
    bool has_offset;
};

static const struct iso_case isos[] = {
    {"2020-07-15T21:29:00+07:00", "2020-07-15T21:29:00+07:00", true},
    {"2020-07-15T14:29Z", "2020-07-15T14:29:00+00:00", true},
    {"2020-07-15 21:29:00.123-05:30", "2020-07-15T21:29:00-05:30", true},
    {"2020-07-15T21:29:00", "2020-07-15T21:29:00+07:00", false},
    {"2020-07-15", "2020-07-15", false},
    {"2020-02-29T00:00:00+07:00", "2020-02-29T00:00:00+07:00", true},
    {"2021-02-29", NULL, false},
    {"2020-07-15T24:00:00+07:00", NULL, false},
    {"2020-07-15T21:29:00+15:00", NULL, false},
    {"15/07/2020", NULL, false},
    {"2020-07-15T21:29:00+07:00x", NULL, false},
    {"", NULL, false},
};

static void test_iso(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof isos / sizeof isos[0]; i++) {
        struct enrich_timestamp ts;
        int rc = enrich_timestamp_parse_iso(isos[i].in, strlen(isos[i].in), &ts);
        if (isos[i].out == NULL) {
            assert_int_equal(rc, ENRICH_ERR_INVALID);
            continue;
        }
        assert_int_equal(rc, 0);
        char value[32];
        enrich_timestamp_format(&ts, value);
        assert_string_equal(value, isos[i].out);
        assert_int_equal(ts.has_offset, isos[i].has_offset);
    }
}

/* ---- bylines ---- */

struct byline_case {
    const char *line;
    enum enrich_lang lang;
    bool labelled_only;
    const char *want; /* compact JSON of {raw, authors, roles}, NULL: not a byline */
};

static const struct byline_case bylines[] = {
    {"Tin, ảnh: THANH THY", ENRICH_LANG_VI, false,
     "{\"raw\":\"Tin, ảnh: THANH THY\",\"authors\":[\"Thanh "
     "Thy\"],\"roles\":[\"text\",\"photo\"]}"},
    {"Bài và ảnh: MINH ANH - QUỐC TUẤN", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài và ảnh: MINH ANH - QUỐC TUẤN\",\"authors\":[\"Minh Anh\",\"Quốc Tuấn\"],"
     "\"roles\":[\"text\",\"photo\"]}"},
    {"Bài, ảnh: Hoàng Hà", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài, ảnh: Hoàng Hà\",\"authors\":[\"Hoàng Hà\"],\"roles\":[\"text\",\"photo\"]}"},
    {"Tin: PV", ENRICH_LANG_VI, false,
     "{\"raw\":\"Tin: PV\",\"authors\":[\"PV\"],\"roles\":[\"text\"]}"},
    {"Ảnh: NGỌC TRÂM", ENRICH_LANG_VI, false,
     "{\"raw\":\"Ảnh: NGỌC TRÂM\",\"authors\":[\"Ngọc Trâm\"],\"roles\":[\"photo\"]}"},
    {"Bài: Lê Hoàng (TTXVN)", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài: Lê Hoàng (TTXVN)\",\"authors\":[\"Lê Hoàng\"],\"roles\":[\"text\"]}"},
    {"Tin, ảnh, clip: Duy Khang và Bảo Ngọc", ENRICH_LANG_VI, false,
     "{\"raw\":\"Tin, ảnh, clip: Duy Khang và Bảo Ngọc\",\"authors\":[\"Duy Khang\",\"Bảo Ngọc\"],"
     "\"roles\":[\"text\",\"photo\",\"video\"]}"},
    {"Bài: Minh Anh - Ảnh: Quốc Tuấn", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài: Minh Anh - Ảnh: Quốc Tuấn\",\"authors\":[\"Minh Anh\",\"Quốc Tuấn\"],"
     "\"roles\":[\"text\",\"photo\"]}"},
    {"Tin: HỒNG VÂN, THU HÀ; Video: Duy Khang", ENRICH_LANG_VI, false,
     "{\"raw\":\"Tin: HỒNG VÂN, THU HÀ; Video: Duy Khang\",\"authors\":[\"Hồng Vân\",\"Thu Hà\","
     "\"Duy Khang\"],\"roles\":[\"text\",\"video\"]}"},
    {"Đồ họa: Văn Long", ENRICH_LANG_VI, false,
     "{\"raw\":\"Đồ họa: Văn Long\",\"authors\":[\"Văn Long\"],\"roles\":[\"graphics\"]}"},
    {"Theo TTXVN", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo TTXVN\",\"authors\":[\"TTXVN\"],\"roles\":[\"source\"]}"},
    {"(Theo Báo Tin tức)", ENRICH_LANG_VI, false,
     "{\"raw\":\"(Theo Báo Tin tức)\",\"authors\":[\"Báo Tin tức\"],\"roles\":[\"source\"]}"},
    {"Theo VnExpress", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo VnExpress\",\"authors\":[\"VnExpress\"],\"roles\":[\"source\"]}"},
    {"THANH THY", ENRICH_LANG_VI, false,
     "{\"raw\":\"THANH THY\",\"authors\":[\"Thanh Thy\"],\"roles\":[\"text\"]}"},
    {"NGUYỄN VĂN AN - TRẦN THỊ BÌNH", ENRICH_LANG_VI, false,
     "{\"raw\":\"NGUYỄN VĂN AN - TRẦN THỊ BÌNH\",\"authors\":[\"Nguyễn Văn An\",\"Trần Thị Bình\"],"
     "\"roles\":[\"text\"]}"},
    {"HOÀNG YẾN (tổng hợp)", ENRICH_LANG_VI, false,
     "{\"raw\":\"HOÀNG YẾN (tổng hợp)\",\"authors\":[\"Hoàng Yến\"],\"roles\":[\"text\"]}"},
    {"Thanh Thy", ENRICH_LANG_VI, false,
     "{\"raw\":\"Thanh Thy\",\"authors\":[\"Thanh Thy\"],\"roles\":[\"text\"]}"},
    {"By John Smith", ENRICH_LANG_EN, false,
     "{\"raw\":\"By John Smith\",\"authors\":[\"John Smith\"],\"roles\":[\"text\"]}"},
    {"(Reporting by Khanh Vu; Editing by Kim Coghill)", ENRICH_LANG_EN, false,
     "{\"raw\":\"(Reporting by Khanh Vu; Editing by Kim Coghill)\",\"authors\":[\"Khanh Vu\","
     "\"Kim Coghill\"],\"roles\":[\"text\",\"editing\"]}"},
    {"Reporting by Phuong Nguyen and Khanh Vu", ENRICH_LANG_EN, false,
     "{\"raw\":\"Reporting by Phuong Nguyen and Khanh Vu\",\"authors\":[\"Phuong Nguyen\","
     "\"Khanh Vu\"],\"roles\":[\"text\"]}"},
    /* Not bylines. */
    {"THANH THY", ENRICH_LANG_VI, true, NULL},
    {"Theo kế hoạch, dự án hoàn thành năm 2025.", ENRICH_LANG_VI, false, NULL},
    {"Theo Bộ Y tế, cả nước ghi nhận 120 ca mắc mới.", ENRICH_LANG_VI, false, NULL},
    {"Ảnh: Quang cảnh hội nghị", ENRICH_LANG_VI, false, NULL},
    {"Các đồng chí lãnh đạo thành phố chủ trì hội nghị.", ENRICH_LANG_VI, false, NULL},
    {"HẾT", ENRICH_LANG_VI, false, NULL},
    {"TTXVN", ENRICH_LANG_VI, false, NULL},
    {"Hà Nội", ENRICH_LANG_VI, false, NULL},
    {"Cụ thể như sau: một là tăng cường", ENRICH_LANG_VI, false, NULL},
    {"THANH THY", ENRICH_LANG_EN, false, NULL},
    {"The plant was built by Samsung in 2009.", ENRICH_LANG_EN, false, NULL},
    {"(TTXVN/Vietnam+)", ENRICH_LANG_VI, false,
     "{\"raw\":\"(TTXVN/Vietnam+)\",\"authors\":[\"TTXVN\",\"Vietnam+\"],\"roles\":[\"source\"]}"},
    {"(TTXVN)", ENRICH_LANG_VI, true,
     "{\"raw\":\"(TTXVN)\",\"authors\":[\"TTXVN\"],\"roles\":[\"source\"]}"},
    {"(PV)", ENRICH_LANG_VI, false, "{\"raw\":\"(PV)\",\"authors\":[\"PV\"],\"roles\":[\"text\"]}"},
    {"Nhóm phóng viên", ENRICH_LANG_VI, false,
     "{\"raw\":\"Nhóm phóng viên\",\"authors\":[\"Nhóm phóng viên\"],\"roles\":[\"text\"]}"},
    {"Theo Reuters, AFP", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo Reuters, AFP\",\"authors\":[\"Reuters\",\"AFP\"],\"roles\":[\"source\"]}"},
    {"Như Tâm (theo Reuters)", ENRICH_LANG_VI, false,
     "{\"raw\":\"Như Tâm (theo Reuters)\",\"authors\":[\"Như "
     "Tâm\",\"Reuters\"],\"roles\":[\"text\",\"source\"]}"},
    {"Vũ Hoàng (Theo Bloomberg, CNBC)", ENRICH_LANG_VI, false,
     "{\"raw\":\"Vũ Hoàng (Theo Bloomberg, CNBC)\",\"authors\":[\"Vũ "
     "Hoàng\",\"Bloomberg\",\"CNBC\"],\"roles\":[\"text\",\"source\"]}"},
    {"NGỌC TRINH (lược dịch)", ENRICH_LANG_VI, false,
     "{\"raw\":\"NGỌC TRINH (lược dịch)\",\"authors\":[\"Ngọc Trinh\"],\"roles\":[\"text\"]}"},
    {"Minh Châu/VOV-Miền Tây", ENRICH_LANG_VI, false,
     "{\"raw\":\"Minh Châu/VOV-Miền Tây\",\"authors\":[\"Minh Châu\"],\"roles\":[\"text\"]}"},
    {"Lê Anh Dũng/Báo Tin tức", ENRICH_LANG_VI, false,
     "{\"raw\":\"Lê Anh Dũng/Báo Tin tức\",\"authors\":[\"Lê Anh Dũng\"],\"roles\":[\"text\"]}"},
    /* The paper after the author is no author; a writer's initial glued to a name is one. */
    {"Thu Trang - Báo Sơn La", ENRICH_LANG_VI, false,
     "{\"raw\":\"Thu Trang - Báo Sơn La\",\"authors\":[\"Thu Trang\"],\"roles\":[\"text\"]}"},
    {"Bài và ảnh: H.Nguyên", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài và ảnh: H.Nguyên\",\"authors\":[\"H.Nguyên\"],\"roles\":[\"text\","
     "\"photo\"]}"},
    {"Báo Sơn La", ENRICH_LANG_VI, false, NULL},
    {"Bài và ảnh: Thanh Tâm - Minh Hiền", ENRICH_LANG_VI, false,
     "{\"raw\":\"Bài và ảnh: Thanh Tâm - Minh Hiền\",\"authors\":[\"Thanh Tâm\",\"Minh "
     "Hiền\"],\"roles\":[\"text\",\"photo\"]}"},
    {"(Hà Nội)", ENRICH_LANG_VI, false, NULL},
    {"(HẾT)", ENRICH_LANG_VI, false, NULL},
    {"Theo kế hoạch, Sở sẽ hoàn thành trong năm", ENRICH_LANG_VI, false, NULL},
    {"Theo Sở Y tế, Bộ Công an và các ngành liên quan đã vào cuộc", ENRICH_LANG_VI, false, NULL},
    {"Hà Nội/TP.HCM", ENRICH_LANG_VI, false, NULL},
    {"— VNA/VNS", ENRICH_LANG_EN, false,
     "{\"raw\":\"— VNA/VNS\",\"authors\":[\"VNA\",\"VNS\"],\"roles\":[\"source\"]}"},
    {"(Reuters)", ENRICH_LANG_EN, false,
     "{\"raw\":\"(Reuters)\",\"authors\":[\"Reuters\"],\"roles\":[\"source\"]}"},
    {"Story: Hoang Phong", ENRICH_LANG_EN, false,
     "{\"raw\":\"Story: Hoang Phong\",\"authors\":[\"Hoang Phong\"],\"roles\":[\"text\"]}"},
    {"— Hà Nội", ENRICH_LANG_VI, false, NULL},
    {"(Hà Nội)", ENRICH_LANG_VI, false, NULL},
    {"Theo báo Thanh Niên", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo báo Thanh Niên\",\"authors\":[\"báo Thanh Niên\"],\"roles\":[\"source\"]}"},
    {"Theo Reuters/AFP", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo Reuters/AFP\",\"authors\":[\"Reuters\",\"AFP\"],\"roles\":[\"source\"]}"},
    {"Theo baochinhphu.vn", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo baochinhphu.vn\",\"authors\":[\"baochinhphu.vn\"],\"roles\":[\"source\"]}"},
    {"Lược dịch: Minh Anh", ENRICH_LANG_VI, false,
     "{\"raw\":\"Lược dịch: Minh Anh\",\"authors\":[\"Minh Anh\"],\"roles\":[\"text\"]}"},
    {"H.A (theo Reuters)", ENRICH_LANG_VI, false,
     "{\"raw\":\"H.A (theo "
     "Reuters)\",\"authors\":[\"H.A\",\"Reuters\"],\"roles\":[\"text\",\"source\"]}"},
    {"N.T.H", ENRICH_LANG_VI, false,
     "{\"raw\":\"N.T.H\",\"authors\":[\"N.T.H\"],\"roles\":[\"text\"]}"},
    {"Theo báo cáo của Sở Y tế, có 12 ca mắc mới.", ENRICH_LANG_VI, false, NULL},
    {"Theo trang tin", ENRICH_LANG_VI, false, NULL},
    {"A.B.C.D.E", ENRICH_LANG_VI, false, NULL},
    {"Theo Sở Y tế Hà Nội có 120 ca mắc mới", ENRICH_LANG_VI, false, NULL},
    {"Theo Sở Y tế, Hà Nội có 120 ca mắc mới", ENRICH_LANG_VI, false, NULL},
    {"Theo UBND tỉnh Quảng Nam đã sơ tán 3.000 dân", ENRICH_LANG_VI, false, NULL},
    {"Theo Sở Y tế Hà Nội", ENRICH_LANG_VI, false,
     "{\"raw\":\"Theo Sở Y tế Hà Nội\",\"authors\":[\"Sở Y tế Hà Nội\"],\"roles\":[\"source\"]}"},
    {"By Dat Nguyen, VnExpress", ENRICH_LANG_EN, false,
     "{\"raw\":\"By Dat Nguyen, VnExpress\",\"authors\":[\"Dat Nguyen\"],\"roles\":[\"text\"]}"},
    {"By Khanh Vu, Reuters", ENRICH_LANG_EN, false,
     "{\"raw\":\"By Khanh Vu, Reuters\",\"authors\":[\"Khanh Vu\"],\"roles\":[\"text\"]}"},
    {"By Hoang Phong, Tuoi Tre News", ENRICH_LANG_EN, false,
     "{\"raw\":\"By Hoang Phong, Tuoi Tre News\",\"authors\":[\"Hoang "
     "Phong\"],\"roles\":[\"text\"]}"},
    {"By John Smith, Jane Doe", ENRICH_LANG_EN, false,
     "{\"raw\":\"By John Smith, Jane Doe\",\"authors\":[\"John Smith\",\"Jane "
     "Doe\"],\"roles\":[\"text\"]}"},
    {"Nhóm phóng viên Thời sự", ENRICH_LANG_VI, false,
     "{\"raw\":\"Nhóm phóng viên Thời sự\",\"authors\":[\"Nhóm phóng viên Thời "
     "sự\"],\"roles\":[\"text\"]}"},
    {"Nhóm phóng viên Thời sự cho biết", ENRICH_LANG_VI, false, NULL},
    {"Associated Press writer Hau Dinh in Hanoi contributed to this report.", ENRICH_LANG_EN, true,
     "{\"raw\":\"Associated Press writer Hau Dinh in Hanoi contributed to this "
     "report\",\"authors\":[\"Hau Dinh\"],\"roles\":[\"text\"]}"},
    {"Associated Press writers Hau Dinh in Hanoi and Jerry Harmer in Bangkok contributed to this "
     "report.",
     ENRICH_LANG_EN, true,
     "{\"raw\":\"Associated Press writers Hau Dinh in Hanoi and Jerry Harmer in Bangkok "
     "contributed "
     "to this report\",\"authors\":[\"Hau Dinh\",\"Jerry Harmer\"],\"roles\":[\"text\"]}"},
    {"(Additional reporting by Khanh Vu; Editing by Kim Coghill)", ENRICH_LANG_EN, true,
     "{\"raw\":\"(Additional reporting by Khanh Vu; Editing by Kim Coghill)\",\"authors\":[\"Khanh "
     "Vu\",\"Kim Coghill\"],\"roles\":[\"text\",\"editing\"]}"},
    {"The company said the new plant contributed to this report.", ENRICH_LANG_EN, false, NULL},
    {"Dịch: quy trình", ENRICH_LANG_VI, false, NULL},
    {"", ENRICH_LANG_VI, false, NULL},
};

static void test_bylines(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof bylines / sizeof bylines[0]; i++) {
        const struct byline_case *c = &bylines[i];
        json_t *got = NULL;
        int rc = enrich_byline_parse(c->line, strlen(c->line), c->lang, c->labelled_only, &got);
        char *dump = got ? json_dumps(got, JSON_COMPACT) : NULL;
        bool ok = c->want ? (rc == 1 && dump && strcmp(dump, c->want) == 0) : (rc == 0 && !got);
        if (!ok) {
            printf("byline \"%s\": got %d %s, want %s\n", c->line, rc, dump ? dump : "-",
                   c->want ? c->want : "none");
            failures++;
        }
        free(dump);
        json_decref(got);
    }
    assert_int_equal(failures, 0);
}

/* ---- captions ---- */

struct caption_case {
    const char *line;
    bool caption;
    const char *credit; /* NULL: null credit */
};

static const struct caption_case captions[] = {
    {"Ảnh minh họa", true, NULL},
    {"Ảnh minh hoạ: Internet", true, "Internet"},
    {"Ảnh: TTXVN", true, "TTXVN"},
    {"Quang cảnh hội nghị. Ảnh: THANH THY", true, "THANH THY"},
    {"Đồng chí Phạm Văn Hiểu phát biểu tại hội nghị - Ảnh: Thanh Thy", true, "Thanh Thy"},
    {"Bà con nông dân thu hoạch lúa (Ảnh: Minh Anh)", true, "Minh Anh"},
    {"Người dân xếp hàng tiêm vắc-xin (Ảnh minh họa)", true, NULL},
    {"Lãnh đạo tỉnh trao quà cho các hộ nghèo. Ảnh: Hoàng Hà/TTXVN", true, "Hoàng Hà/TTXVN"},
    {"Workers at a garment factory in Hanoi. REUTERS/Kham", true, "REUTERS/Kham"},
    {"A view of the port (Photo: Reuters)", true, "Reuters"},
    {"Ảnh chụp màn hình", true, NULL},
    {"Hình ảnh người dân vui mừng khi nhận nhà mới là động lực để chúng tôi cố gắng.", false, NULL},
    {"Các đồng chí lãnh đạo thành phố chủ trì hội nghị.", false, NULL},
    {"Anh Nguyễn Văn A cho biết, ảnh hưởng của bão rất lớn.", false, NULL},
    {"(Nguồn: Tổng cục Thống kê)", false, NULL},
    {"Các đại biểu thực hiện nghi thức khởi công ẢNH: HOÀNG TRỌNG", true, "HOÀNG TRỌNG"},
    {"ẢNH: NGUYỄN HOÀNG", true, "NGUYỄN HOÀNG"},
    {"Workers at a garment factory in Bắc Giang Province. — VNA/VNS Photo Văn Tuấn", true,
     "VNA/VNS Photo Văn Tuấn"},
    {"Đồng chí Lê Quốc Phong phát biểu tại hội nghị. Ảnh: T.L", true, "T.L"},
    {"The VNA reported that the plant will open in May.", false, NULL},
    {"Ảnh 1: Quang cảnh hội nghị", true, NULL},
    {"Ảnh 2: Lãnh đạo tỉnh trao quà. Ảnh: T.L", true, "T.L"},
    {"Hình 1: Sơ đồ tuyến đường", true, NULL},
    {"Hình: Internet", true, "Internet"},
    {"Ảnh 1 cho thấy mức tăng trưởng rất rõ rệt trong năm qua.", false, NULL},
    {"A man walks past fallen trees in Hanoi, Sept. 8, 2024. (AP Photo/Hau Dinh)", true,
     "AP Photo/Hau Dinh"},
    {"Rescuers search for victims in Lao Cai. EPA/LUONG THAI LINH", true, "EPA/LUONG THAI LINH"},
    {"Nguồn ảnh: Internet", true, "Internet"},
    {"Ảnh do nhân vật cung cấp", true, NULL},
    {"(Ảnh do Sở Y tế cung cấp)", true, NULL},
    {"Ảnh do ông A chụp cho thấy hiện trường rất nghiêm trọng.", false, NULL},
    {"Workers at a factory in Bac Ninh. Photo courtesy of the company", true, "the company"},
    {"FILE PHOTO: A worker at a factory in Hanoi, Vietnam, June 20, 2023. REUTERS/Thanh Hue/File "
     "Photo",
     true, "REUTERS/Thanh Hue/File Photo"},
    {"FILE PHOTO: A worker at a factory in Hanoi, Vietnam, June 20, 2023.", true, NULL},
    /* Two credits that would each do: the last one is the caption's. */
    {"Lễ khởi công dự án cao tốc Bắc - Nam - Ảnh: Minh Anh - Ảnh: THANH THY", true, "THANH THY"},
    {"Cháy rừng ở bang California. EPA/A - AFP/B", true, "AFP/B"},
};

/* The credit marker at every offset of the 16-byte blocks the end of a line is searched in:
 * "Ảnh:" (three bytes for "Ả"), "VNA/VNS Photo" and "REUTERS/" before credits of 1 to 40 bytes. */
static void test_caption_credit_offsets(void **state)
{
    (void)state;
    static const struct {
        const char *before, *marker;
        bool marker_in_credit;
    } forms[] = {
        {"Quang cảnh hội nghị. ", "Ảnh: ", false},
        {"Công nhân tại nhà máy. — ", "VNA/VNS Photo ", true},
        {"Công nhân tại nhà máy. ", "REUTERS/", true},
    };
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        for (size_t m = 1; m <= 40; m++) {
            char line[160], credit[80];
            memset(credit, 'T', m);
            credit[m] = '\0';
            snprintf(line, sizeof line, "%s%s%s", forms[f].before, forms[f].marker, credit);
            json_t *got = NULL;
            assert_int_equal(enrich_structure_caption(line, strlen(line), &got), 1);
            char want[120];
            snprintf(want, sizeof want, "%s%s", forms[f].marker_in_credit ? forms[f].marker : "",
                     credit);
            assert_string_equal(json_string_value(json_object_get(got, "credit")), want);
            json_decref(got);
        }
    }
}

static void test_captions(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof captions / sizeof captions[0]; i++) {
        const struct caption_case *c = &captions[i];
        json_t *got = NULL;
        int rc = enrich_structure_caption(c->line, strlen(c->line), &got);
        bool ok = rc == (c->caption ? 1 : 0);
        if (ok && c->caption) {
            json_t *credit = json_object_get(got, "credit");
            ok = c->credit
                     ? json_is_string(credit) && strcmp(json_string_value(credit), c->credit) == 0
                     : json_is_null(credit);
            ok &= strcmp(json_string_value(json_object_get(got, "text")), c->line) == 0;
        }
        if (!ok) {
            char *dump = got ? json_dumps(got, JSON_COMPACT) : NULL;
            printf("caption \"%s\": got %d %s\n", c->line, rc, dump ? dump : "-");
            free(dump);
            failures++;
        }
        json_decref(got);
    }
    assert_int_equal(failures, 0);
}

/* ---- boilerplate ---- */

struct boiler_case {
    const char *line;
    bool boiler;
};

static const struct boiler_case boilers[] = {
    {"Chia sẻ bài viết", true},
    {"Chia sẻ", true},
    {"CHIA SẺ", true},
    {"Bình luận (12)", true},
    {"In bài viết", true},
    {"Gửi bài viết", true},
    {"Xem thêm", true},
    {"Xem thêm: Cần Thơ tổng kết công tác dân vận", true},
    {"Tin liên quan", true},
    {"Tin liên quan:", true},
    {"Share", true},
    {"Tweet", true},
    {"Facebook | Zalo | Email", true},
    {"Lượt xem: 1.234 | Bình luận: 5", true},
    {"Bình luận: 5 | Lượt xem: 1.234", true},
    {"1.234 lượt xem | 12 bình luận", true},
    {"Minh Anh | Lượt xem: 1.234", false},
    {"Việt Nam 2 | Thái Lan 1", false},
    {"Theo dõi chúng tôi trên Google News", true},
    {"Theo dõi Báo Cần Thơ trên Google News", true},
    {"Từ khóa: dân vận, Cần Thơ", true},
    {"Trang chủ > Thời sự > Chính trị", true},
    {"Cỡ chữ: A- A+", true},
    {"(Nguồn: Tổng cục Thống kê)", false},
    {"Nguồn: Sở Y tế Cần Thơ", false},
    {"Bình luận của ông A về dự án rất đáng chú ý.", false},
    {"Chia sẻ tại hội nghị, ông Hiểu cho biết tình hình đã cải thiện.", false},
    {"In ấn", false},
    {"Các đồng chí lãnh đạo thành phố chủ trì hội nghị.", false},
    {"Đọc bài gốc tại đây", true},
    {"Mời quý độc giả xem video", true},
    {"Xem video:", true},
    {"Theo dõi kênh YouTube của chúng tôi", true},
    {"Lượt xem: 1.234", true},
    {"Bạn đang đọc bài viết tại Báo Cần Thơ", true},
    {"0 bình luận", true},
    {"Thích 12", true},
    {"Facebook Twitter Zalo", true},
    {"Chia sẻ qua Facebook", true},
    {"Đăng nhập để bình luận", true},
    {"Follow us on Facebook", true},
    {"Share this story", true},
    {"Comments (2)", true},
    {"Theo dõi trên Facebook, nhiều người dân phản ánh tình trạng này.", false},
    {"Facebook là mạng xã hội lớn nhất", false},
    {"2 bình luận viên được khen thưởng", false},
    {"Lượt xem trang tăng 20% so với năm trước.", false},
};

/* Headings over a list of other articles' headlines. */
static const struct boiler_case list_headings[] = {
    {"Tin liên quan", true},
    {"TIN LIÊN QUAN", true},
    {"Xem thêm:", true},
    {"Đọc thêm >>", true},
    {"Có thể bạn quan tâm", true},
    {"Related articles", true},
    {"Xem thêm: Giá xăng giảm", false},
    {"Chia sẻ", false},
    {"Tin liên quan đến vụ án được công bố.", false},
};

static void test_list_headings(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof list_headings / sizeof list_headings[0]; i++) {
        const struct boiler_case *c = &list_headings[i];
        if (enrich_structure_is_list_heading(c->line, strlen(c->line)) != c->boiler) {
            printf("list heading \"%s\": got %d\n", c->line, !c->boiler);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

struct tail_case {
    const char *line;
    const char *kept;
};

static const struct tail_case tails[] = {
    {"Minh Anh | Lượt xem: 1.234", "Minh Anh"},
    {"Minh Anh | Lượt xem: 1.234 | Bình luận: 5", "Minh Anh"},
    {"Thứ Hai, 06/11/2023 09:15 · Chia sẻ bài viết", "Thứ Hai, 06/11/2023 09:15"},
    {"Minh Anh • 1.234 lượt xem", "Minh Anh"},
    {"Kinh tế | Xã hội", "Kinh tế | Xã hội"},
    {"Việt Nam 2 | Thái Lan 1", "Việt Nam 2 | Thái Lan 1"},
    {"Giá vàng hôm nay | In", "Giá vàng hôm nay | In"},
    {"Lượt xem: 1.234", "Lượt xem: 1.234"},
    {"06/11/2023 | Share", "06/11/2023"},
    {"Lượt xem: 1.234 | Bình luận: 5", "Lượt xem: 1.234 | Bình luận: 5"},
    {"Hà Nội/Lượt xem: 12", "Hà Nội/Lượt xem: 12"},
};

static void test_widget_tails(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t len = strlen(tails[i].line);
        size_t kept = enrich_structure_widget_tail(tails[i].line, len);
        if (kept != strlen(tails[i].kept) || memcmp(tails[i].line, tails[i].kept, kept) != 0) {
            printf("widget tail \"%s\": kept %zu bytes\n", tails[i].line, kept);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_boilerplate(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof boilers / sizeof boilers[0]; i++) {
        bool got = enrich_structure_is_boilerplate(boilers[i].line, strlen(boilers[i].line));
        if (got != boilers[i].boiler) {
            printf("boilerplate \"%s\": got %d\n", boilers[i].line, got);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* ---- source tags ---- */

struct tag_case {
    const char *line;
    const char *tag;  /* NULL: none */
    const char *rest; /* the paragraph without it */
};

static const struct tag_case tags[] = {
    {"(CT) - Ngày 15-7-2020, Thành ủy", "CT", "Ngày 15-7-2020, Thành ủy"},
    {"(CT)-Ngày 15-7", "CT", "Ngày 15-7"},
    {"(TTXVN) – Sáng 12/3, tại Hà Nội", "TTXVN", "Sáng 12/3, tại Hà Nội"},
    {"(HNM) - Chiều 5-8", "HNM", "Chiều 5-8"},
    {"(Chinhphu.vn) - Thủ tướng vừa ký", "Chinhphu.vn", "Thủ tướng vừa ký"},
    {"(Dân trí) - Ngày 3/9", "Dân trí", "Ngày 3/9"},
    {"CT - Ngày 15-7", "CT", "Ngày 15-7"},
    {"TTO - Sáng nay", "TTO", "Sáng nay"},
    {"ĐNO - Chiều 20-10", "ĐNO", "Chiều 20-10"},
    {"VOV.VN - Sáng 1/6", "VOV.VN", "Sáng 1/6"},
    {"GD&TĐ - Sáng 2/1", "GD&TĐ", "Sáng 2/1"},
    {"HANOI (Reuters) - Vietnam's economy", "Reuters", "HANOI - Vietnam's economy"},
    {"HÀ NỘI (TTXVN) - Sáng nay", "TTXVN", "HÀ NỘI - Sáng nay"},
    {"Hanoi (VNA) - Prime Minister Pham Minh Chinh", "VNA",
     "Hanoi - Prime Minister Pham Minh Chinh"},
    {"Hà Nội (TTXVN) – Sáng 6/11", "TTXVN", "Hà Nội – Sáng 6/11"},
    {"Ho Chi Minh City, Nov 6 (VNA) - The city", "VNA", "Ho Chi Minh City, Nov 6 - The city"},
    {"Ông Nguyễn Văn A (CEO) - người đứng đầu", NULL, NULL},
    {"HUẾ - Sáng nay, tỉnh Thừa Thiên Huế", NULL, NULL},
    {"COVID-19 đang lan rộng", NULL, NULL},
    {"(Ảnh minh họa) - Người dân", NULL, NULL},
    {"Ông Nguyễn Văn A (Giám đốc) - người đứng đầu", NULL, NULL},
    {"UBND tỉnh Cà Mau vừa ban hành kế hoạch", NULL, NULL},
    {"(TTXVN) Sáng 5/11, tại Hà Nội", "TTXVN", "Sáng 5/11, tại Hà Nội"},
    {"(NLĐO)- Chiều 6-11", "NLĐO", "Chiều 6-11"},
    {"(Chinhphu.vn) – Thủ tướng vừa ký", "Chinhphu.vn", "Thủ tướng vừa ký"},
    {"(Chinhphu.vn) Thủ tướng vừa ký", "Chinhphu.vn", "Thủ tướng vừa ký"},
    {"(PLO) — Sáng nay", "PLO", "Sáng nay"},
    {"(Dân trí) Ngày 3/9", NULL, NULL},
    {"(HUẾ) Sáng nay", NULL, NULL},
    {"(TTXVN) sáng nay", NULL, NULL},
    {"VN-Index tăng 12 điểm trong phiên sáng", NULL, NULL},
    {"HNX-Index giảm nhẹ", NULL, NULL},
    {"TTO-Sáng nay", NULL, NULL},
    {"TTO -Sáng nay", "TTO", "Sáng nay"},
    {"(CT) -", NULL, NULL},
    /* A longer name in brackets only when it is a known outlet's. */
    {"(Thời báo Ngân hàng) - Sáng 7/11, giá vàng", "Thời báo Ngân hàng", "Sáng 7/11, giá vàng"},
    {"(Thời báo Tài chính Việt Nam) - Theo Bộ Tài chính", "Thời báo Tài chính Việt Nam",
     "Theo Bộ Tài chính"},
    {"(Ngân hàng Nhà nước Việt Nam) - Sáng nay", NULL, NULL},
};

static void test_source_tags(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        const struct tag_case *c = &tags[i];
        struct enrich_source_tag t;
        size_t len = strlen(c->line);
        bool got = enrich_structure_source_tag(c->line, len, &t);
        char tag[64] = "", rest[256] = "";
        if (got) {
            snprintf(tag, sizeof tag, "%.*s", (int)t.tag_len, c->line + t.tag_off);
            snprintf(rest, sizeof rest, "%.*s%.*s", (int)t.cut_off, c->line,
                     (int)(len - t.cut_off - t.cut_len), c->line + t.cut_off + t.cut_len);
        }
        bool ok = c->tag ? got && strcmp(tag, c->tag) == 0 && strcmp(rest, c->rest) == 0 : !got;
        if (!ok) {
            printf("source tag \"%s\": got %d \"%s\" \"%s\"\n", c->line, got, tag, rest);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* Outlets' names as their pages print them: page furniture under a title, never an author. */
static void test_outlets(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        bool outlet;
    } cases[] = {
        {"Thanh Niên", true},
        {"THANH NIÊN", true},
        {"Tuổi Trẻ", true},
        {"Lao Động", true},
        {"Dân trí", true},
        {"VnExpress", true},
        {"Nhân Dân", true},
        {"Báo Cần Thơ", true},
        {"Kinh tế & Đô thị", true},
        {"VOV.vn", true},
        {"Người Lao Động", true},
        {"name", false}, /* the data file's header */
        {"Lao động", true},
        {"Báo Hà Giang điện tử", true},
        {"Thanh Niên Xung Phong", false}, /* a movement, not the paper */
        {"Báo cáo tài chính", false},
        {"Báo Cáo Tình Hình Kinh Tế", false},
        {"Minh Anh", false},
        {"Báo Cần Thơ đưa tin về dự án cầu mới, ngày 5/3", false},
        {"Theo Thanh Niên", false},
        {"", false},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = enrich_structure_is_outlet(cases[i].line, strlen(cases[i].line));
        if (got != cases[i].outlet) {
            printf("outlet \"%s\": got %d\n", cases[i].line, got);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    /* Alone on a line it is no byline either; "Theo Thanh Niên" stays the source credit. */
    json_t *bl = NULL;
    assert_int_equal(
        enrich_byline_parse("Thanh Niên", strlen("Thanh Niên"), ENRICH_LANG_VI, false, &bl), 0);
    assert_null(bl);
    assert_int_equal(enrich_byline_parse("Theo Thanh Niên", strlen("Theo Thanh Niên"),
                                         ENRICH_LANG_VI, false, &bl),
                     1);
    char *got = json_dumps(bl, JSON_COMPACT);
    assert_string_equal(
        got, "{\"raw\":\"Theo Thanh Niên\",\"authors\":[\"Thanh Niên\"],\"roles\":[\"source\"]}");
    free(got);
    json_decref(bl);
}

/* ---- whole layouts ---- */

struct split_case {
    const char *name;
    const char *text; /* normalized: one paragraph per line */
    const char *hint_title;
    const char *kicker, *title, *source_tag, *dateline;
    const char *byline; /* compact JSON or NULL */
    const char *body;
    bool truncated;
    size_t captions;
};

static const struct split_case splits[] = {
    {"a breadcrumb over the dateline and the title is dropped",
     "Kinh doanh › Hàng hóa\nThứ năm, 26/11/2026, 09:40 (GMT+7)\nGiá vàng miếng lên 87,5 triệu "
     "đồng\nGiá vàng miếng SJC tăng 500.000 đồng mỗi lượng sáng nay.\nĐoạn hai.",
     NULL, NULL, "Giá vàng miếng lên 87,5 triệu đồng", NULL, "Thứ năm, 26/11/2026, 09:40 (GMT+7)",
     NULL, "Giá vàng miếng SJC tăng 500.000 đồng mỗi lượng sáng nay.\nĐoạn hai.", false, 0},
    {"a line of arrows with a number is no breadcrumb",
     "Giá vàng > 87 triệu đồng\nĐoạn một dài hơn một chút để làm thân bài.\nĐoạn hai.", NULL, NULL,
     NULL, NULL, NULL, NULL,
     "Giá vàng > 87 triệu đồng\nĐoạn một dài hơn một chút để làm thân bài.\nĐoạn hai.", false, 0},
    {"CafeF: the dateline, then the section's name after a bar",
     "VN-Index tăng hơn 12 điểm, thanh khoản đạt 18.500 tỷ đồng\n25-06-2024 - 03:32 PM | Thị "
     "trường chứng khoán\nDòng tiền lan tỏa ở nhóm ngân hàng giúp VN-Index tăng 12,35 điểm.",
     NULL, NULL, "VN-Index tăng hơn 12 điểm, thanh khoản đạt 18.500 tỷ đồng", NULL,
     "25-06-2024 - 03:32 PM | Thị trường chứng khoán", NULL,
     "Dòng tiền lan tỏa ở nhóm ngân hàng giúp VN-Index tăng 12,35 điểm.", false, 0},
    {"an economy desk's section over the title, no dateline",
     "Kinh tế vĩ mô\nGDP 9 tháng tăng 6,82%, CPI bình quân tăng 3,88%\nTổng sản phẩm trong nước "
     "quý III ước tăng 7,4% so với cùng kỳ năm trước.",
     NULL, NULL, "GDP 9 tháng tăng 6,82%, CPI bình quân tăng 3,88%", NULL, NULL, NULL,
     "Tổng sản phẩm trong nước quý III ước tăng 7,4% so với cùng kỳ năm trước.", false, 0},
    {"the outlet's name between the title and the dateline is dropped",
     "Mùa Xuân Trên Cao Nguyên Đá\nThanh Niên\n07/11/2023 09:15\nNhững ngày đầu xuân, du khách từ "
     "khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.\nĐoạn hai.",
     NULL, NULL, "Mùa Xuân Trên Cao Nguyên Đá", NULL, "07/11/2023 09:15", NULL,
     "Những ngày đầu xuân, du khách từ khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào "
     "nở.\nĐoạn hai.",
     false, 0},
    {"the outlet's name under the title, no dateline; the source credit at the end",
     "Hà Giang mùa hoa tam giác mạch\nTuổi Trẻ\nNhững ngày đầu xuân, du khách từ khắp nơi đổ về "
     "cao nguyên đá Đồng Văn để ngắm hoa đào nở.\nTheo Thanh Niên",
     NULL, NULL, "Hà Giang mùa hoa tam giác mạch", NULL, NULL,
     "{\"raw\":\"Theo Thanh Niên\",\"authors\":[\"Thanh Niên\"],\"roles\":[\"source\"]}",
     "Những ngày đầu xuân, du khách từ khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.",
     false, 0},
    {"a provincial paper's name under a dated title",
     "07/11/2023 09:15\nCần Thơ khởi công cầu mới\nBáo Cần Thơ\nNhững ngày đầu xuân, du khách từ "
     "khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.",
     NULL, NULL, "Cần Thơ khởi công cầu mới", NULL, "07/11/2023 09:15", NULL,
     "Những ngày đầu xuân, du khách từ khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.",
     false, 0},
    {"a writer's bare name under the title stays the byline",
     "Mùa Xuân Trên Cao Nguyên Đá\nMinh Anh\n07/11/2023 09:15\nNhững ngày đầu xuân, du khách từ "
     "khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.",
     NULL, NULL, "Mùa Xuân Trên Cao Nguyên Đá", NULL, "07/11/2023 09:15",
     "{\"raw\":\"Minh Anh\",\"authors\":[\"Minh Anh\"],\"roles\":[\"text\"]}",
     "Những ngày đầu xuân, du khách từ khắp nơi đổ về cao nguyên đá Đồng Văn để ngắm hoa đào nở.",
     false, 0},
    {"the seed's layout",
     "15/07/2020 - 21:29\nĐồng chí A, Chủ tịch UBND:\nHạn chế tình trạng hành chính hóa\n(CT) - "
     "Ngày 15-7, hội nghị diễn ra.\nĐoạn hai...\nTin, ảnh: THANH THY\nChia sẻ bài viết",
     NULL, "Đồng chí A, Chủ tịch UBND", "Hạn chế tình trạng hành chính hóa", "CT",
     "15/07/2020 - 21:29",
     "{\"raw\":\"Tin, ảnh: THANH THY\",\"authors\":[\"Thanh Thy\"],\"roles\":[\"text\",\"photo\"]}",
     "Ngày 15-7, hội nghị diễn ra.\nĐoạn hai...", true, 0},
    {"dateline and title, no kicker",
     "Thứ hai, 03/08/2020 08:15 (GMT+7)\nNghệ An khởi công cầu Cửa Hội\nSáng 3/8, UBND tỉnh khởi "
     "công.\nNGỌC ANH",
     NULL, NULL, "Nghệ An khởi công cầu Cửa Hội", NULL, "Thứ hai, 03/08/2020 08:15 (GMT+7)",
     "{\"raw\":\"NGỌC ANH\",\"authors\":[\"Ngọc Anh\"],\"roles\":[\"text\"]}",
     "Sáng 3/8, UBND tỉnh khởi công.", false, 0},
    {"title above its dateline",
     "Cà Mau thu hoạch tôm vụ mới\n12/05/2021 07:30\nNông dân phấn khởi.\nTheo TTXVN", NULL, NULL,
     "Cà Mau thu hoạch tôm vụ mới", NULL, "12/05/2021 07:30",
     "{\"raw\":\"Theo TTXVN\",\"authors\":[\"TTXVN\"],\"roles\":[\"source\"]}",
     "Nông dân phấn khởi.", false, 0},
    {"title before a source-tagged lead, no dateline",
     "Hội An đón khách trở lại\n(QNO) - Sáng nay, phố cổ mở cửa.\nKhách rất đông.", NULL, NULL,
     "Hội An đón khách trở lại", "QNO", NULL, NULL, "Sáng nay, phố cổ mở cửa.\nKhách rất đông.",
     false, 0},
    {"no header block: a short first line stays in the body",
     "Mưa lớn kéo dài\nNhiều tuyến phố ngập sâu.\nGiao thông ùn tắc.", NULL, NULL, NULL, NULL, NULL,
     NULL, "Mưa lớn kéo dài\nNhiều tuyến phố ngập sâu.\nGiao thông ùn tắc.", false, 0},
    {"the submitted title repeated at the top is removed",
     "Mưa lớn kéo dài\nNhiều tuyến phố ngập sâu.", "Mưa lớn kéo dài", NULL, "Mưa lớn kéo dài", NULL,
     NULL, NULL, "Nhiều tuyến phố ngập sâu.", false, 0},
    {"captions and boilerplate in the middle",
     "Sáng 2/9, lễ diễu hành diễn ra.\nẢnh minh họa\nĐoàn diễu hành qua quảng trường. Ảnh: TTXVN\n"
     "Tin liên quan\nNgười dân đứng kín hai bên đường.",
     NULL, NULL, NULL, NULL, NULL, NULL,
     "Sáng 2/9, lễ diễu hành diễn ra.\nNgười dân đứng kín hai bên đường.", false, 2},
    {"a source note stays and does not hide the byline",
     "Giá lúa tăng mạnh.\nBảng giá chi tiết như trên.\nHOÀNG NAM\n(Nguồn: Sở Nông nghiệp An Giang)",
     NULL, NULL, NULL, NULL, NULL,
     "{\"raw\":\"HOÀNG NAM\",\"authors\":[\"Hoàng Nam\"],\"roles\":[\"text\"]}",
     "Giá lúa tăng mạnh.\nBảng giá chi tiết như trên.\n(Nguồn: Sở Nông nghiệp An Giang)", false, 0},
    {"a press release: place and date above the title",
     "Hà Nội, ngày 6/11/2023\nSở Y tế khuyến cáo phòng chống sốt xuất huyết\nTrong tuần qua, thành "
     "phố ghi nhận hơn 500 ca.\nNgười dân cần diệt lăng quăng.",
     NULL, NULL, "Sở Y tế khuyến cáo phòng chống sốt xuất huyết", NULL, "Hà Nội, ngày 6/11/2023",
     NULL, "Trong tuần qua, thành phố ghi nhận hơn 500 ca.\nNgười dân cần diệt lăng quăng.", false,
     0},
    {"a press release: its kind above the subject",
     "Hà Nội, ngày 6/11/2023\nTHÔNG CÁO BÁO CHÍ\nVề kết quả phiên họp Chính phủ thường kỳ tháng "
     "10\nChiều 6/11, Chính phủ tổ chức họp báo.\nCác bộ đã trả lời phóng viên.",
     NULL, "THÔNG CÁO BÁO CHÍ", "Về kết quả phiên họp Chính phủ thường kỳ tháng 10", NULL,
     "Hà Nội, ngày 6/11/2023", NULL,
     "Chiều 6/11, Chính phủ tổ chức họp báo.\nCác bộ đã trả lời phóng viên.", false, 0},
    {"a document kind over a paragraph stays in the text",
     "Thông báo\nTừ ngày 1/12, cơ quan làm việc vào thứ Bảy.\nMọi người lưu ý.", NULL, NULL, NULL,
     NULL, NULL, NULL, "Thông báo\nTừ ngày 1/12, cơ quan làm việc vào thứ Bảy.\nMọi người lưu ý.",
     false, 0},
    {"a view counter after the byline on the last line",
     "Giá lúa tăng mạnh.\nNông dân phấn khởi.\nHOÀNG NAM | Lượt xem: 1.234", NULL, NULL, NULL, NULL,
     NULL, "{\"raw\":\"HOÀNG NAM\",\"authors\":[\"Hoàng Nam\"],\"roles\":[\"text\"]}",
     "Giá lúa tăng mạnh.\nNông dân phấn khởi.", false, 0},
    {"a counter bar under the byline",
     "Giá lúa tăng mạnh.\nNông dân phấn khởi.\nHOÀNG NAM\nBình luận: 5 | Lượt xem: 1.234", NULL,
     NULL, NULL, NULL, NULL,
     "{\"raw\":\"HOÀNG NAM\",\"authors\":[\"Hoàng Nam\"],\"roles\":[\"text\"]}",
     "Giá lúa tăng mạnh.\nNông dân phấn khởi.", false, 0},
    {"a byline over two lines", "Lễ hội diễn ra sôi nổi.\nBài: Minh Châu\nẢnh: Quốc Tuấn", NULL,
     NULL, NULL, NULL, NULL,
     "{\"raw\":\"Bài: Minh Châu\\nẢnh: Quốc Tuấn\",\"authors\":[\"Minh Châu\",\"Quốc Tuấn\"],"
     "\"roles\":[\"text\",\"photo\"]}",
     "Lễ hội diễn ra sôi nổi.", false, 0},
    {"a labelled byline as the first body line",
     "Bài và ảnh: Trọng Đạt\nMùa nước nổi về trên cánh đồng An Giang.", NULL, NULL, NULL, NULL,
     NULL,
     "{\"raw\":\"Bài và ảnh: Trọng Đạt\",\"authors\":[\"Trọng Đạt\"],\"roles\":[\"text\","
     "\"photo\"]}",
     "Mùa nước nổi về trên cánh đồng An Giang.", false, 0},
    {"truncated with an ellipsis character", "Hội nghị tiếp tục thảo luận về các giải pháp…", NULL,
     NULL, NULL, NULL, NULL, NULL, "Hội nghị tiếp tục thảo luận về các giải pháp…", true, 0},
    {"an impossible dateline is still the header",
     "31/02/2020 - 10:00\nTiêu đề bài báo ở đây\nNội dung bài.", NULL, NULL,
     "Tiêu đề bài báo ở đây", NULL, "31/02/2020 - 10:00", NULL, "Nội dung bài.", false, 0},
    {"a kicker needs a title under it", "Cụ thể như sau:\nmột là tăng cường kiểm tra.", NULL, NULL,
     NULL, NULL, NULL, NULL, "Cụ thể như sau:\nmột là tăng cường kiểm tra.", false, 0},
    {"an English wire story",
     "HANOI (Reuters) - Vietnam's economy grew 2.62% in the third quarter.\nThe government said "
     "on Tuesday.\n(Reporting by Khanh Vu; Editing by Kim Coghill)",
     NULL, NULL, NULL, "Reuters", NULL,
     "{\"raw\":\"(Reporting by Khanh Vu; Editing by Kim Coghill)\",\"authors\":[\"Khanh Vu\","
     "\"Kim Coghill\"],\"roles\":[\"text\",\"editing\"]}",
     "HANOI - Vietnam's economy grew 2.62% in the third quarter.\nThe government said on Tuesday.",
     false, 0},
    {"title, byline, then dateline",
     "Hanoi to ban motorbikes from inner districts by 2030\nBy Vo Hai\nJuly 4, 2023 | 05:12 pm "
     "GMT+7\nHanoi will ban motorbikes from its inner districts.",
     NULL, NULL, "Hanoi to ban motorbikes from inner districts by 2030", NULL,
     "July 4, 2023 | 05:12 pm GMT+7",
     "{\"raw\":\"By Vo Hai\",\"authors\":[\"Vo Hai\"],\"roles\":[\"text\"]}",
     "Hanoi will ban motorbikes from its inner districts.", false, 0},
    {"title, dateline, then a labelled byline",
     "Mùa nước nổi ở An Giang\nThứ Ba, 15/08/2023, 10:05\nBài, ảnh: Phước Lộc\nNước lên.", NULL,
     NULL, "Mùa nước nổi ở An Giang", NULL, "Thứ Ba, 15/08/2023, 10:05",
     "{\"raw\":\"Bài, ảnh: Phước Lộc\",\"authors\":[\"Phước Lộc\"],\"roles\":[\"text\","
     "\"photo\"]}",
     "Nước lên.", false, 0},
    {"a headline over a long lead, no dateline",
     "Hà Nội đề xuất thu phí ô tô vào nội đô\nÔ tô đi vào khu vực bên trong đường Vành đai 1 có "
     "thể phải nộp phí từ năm 2026, theo đề án mới.\nVõ Hải",
     NULL, NULL, "Hà Nội đề xuất thu phí ô tô vào nội đô", NULL, NULL,
     "{\"raw\":\"Võ Hải\",\"authors\":[\"Võ Hải\"],\"roles\":[\"text\"]}",
     "Ô tô đi vào khu vực bên trong đường Vành đai 1 có thể phải nộp phí từ năm 2026, theo đề án "
     "mới.",
     false, 0},
    {"a headline over a short lead stays in the body",
     "Hà Nội đề xuất thu phí ô tô vào nội đô\nĐề án vừa được trình.\nNội dung.", NULL, NULL, NULL,
     NULL, NULL, NULL, "Hà Nội đề xuất thu phí ô tô vào nội đô\nĐề án vừa được trình.\nNội dung.",
     false, 0},
    {"kicker, title, then the dateline under them",
     "Khu kinh tế Dung Quất:\nThu hút thêm 3 dự án mới\nThứ Ba, 07/11/2023 | 10:20\n(BQNg) - Trong "
     "tháng 10, có 3 dự án.",
     NULL, "Khu kinh tế Dung Quất", "Thu hút thêm 3 dự án mới", "BQNg",
     "Thứ Ba, 07/11/2023 | 10:20", NULL, "Trong tháng 10, có 3 dự án.", false, 0},
    {"title, a bare name, then the dateline",
     "Bình Định khởi công cảng cạn Phước Lộc\nHoàng Trọng\n06/11/2023 09:15 GMT+7\nSáng 6.11, lễ "
     "khởi công diễn ra.",
     NULL, NULL, "Bình Định khởi công cảng cạn Phước Lộc", NULL, "06/11/2023 09:15 GMT+7",
     "{\"raw\":\"Hoàng Trọng\",\"authors\":[\"Hoàng Trọng\"],\"roles\":[\"text\"]}",
     "Sáng 6.11, lễ khởi công diễn ra.", false, 0},
    {"a related list at the end does not hide the byline",
     "Mưa lớn gây ngập nhiều tuyến đường.\nNGỌC PHƯỢNG - CHÂU TUẤN\nTừ khóa: mưa lớn, ngập\nTin "
     "liên quan\nTriều cường đạt đỉnh 1,68 m, nhiều khu dân cư ngập\nChi 8.000 tỉ đồng chống ngập",
     NULL, NULL, NULL, NULL, NULL,
     "{\"raw\":\"NGỌC PHƯỢNG - CHÂU TUẤN\",\"authors\":[\"Ngọc Phượng\",\"Châu "
     "Tuấn\"],\"roles\":[\"text\"]}",
     "Mưa lớn gây ngập nhiều tuyến đường.", false, 0},
    {"a related list in the middle ends at the next paragraph",
     "Đoạn một của bài.\nXem thêm:\nGiá xăng có thể giảm kỳ tới\nGiá vàng lập đỉnh mới\nĐoạn hai "
     "của bài, tiếp tục nội dung.\nĐoạn ba.",
     NULL, NULL, NULL, NULL, NULL, NULL,
     "Đoạn một của bài.\nĐoạn hai của bài, tiếp tục nội dung.\nĐoạn ba.", false, 0},
    {"a paragraph under a list heading is not a headline",
     "Đoạn một.\nTin liên quan\nNgười dân phấn khởi. Nhiều hộ đã có nhà mới\nĐoạn hai.", NULL, NULL,
     NULL, NULL, NULL, NULL, "Đoạn một.\nNgười dân phấn khởi. Nhiều hộ đã có nhà mới\nĐoạn hai.",
     false, 0},
    {"an agency credit in brackets at the end",
     "Hai bên nhất trí nâng cấp quan hệ.\n(TTXVN/Vietnam+)", NULL, NULL, NULL, NULL, NULL,
     "{\"raw\":\"(TTXVN/Vietnam+)\",\"authors\":[\"TTXVN\",\"Vietnam+\"],\"roles\":[\"source\"]}",
     "Hai bên nhất trí nâng cấp quan hệ.", false, 0},
    {"elided with [...]", "Ông Hương cảnh báo rằng [...]", NULL, NULL, NULL, NULL, NULL, NULL,
     "Ông Hương cảnh báo rằng [...]", true, 0},
    {"the submitted title repeated with the other tone placement",
     "Khánh Hoà sửa chữa công trình thuỷ lợi\nNội dung.", "Khánh Hòa sửa chữa công trình thủy lợi",
     NULL, "Khánh Hoà sửa chữa công trình thuỷ lợi", NULL, NULL, NULL, "Nội dung.", false, 0},
    {"a byline and a dateline on one line",
     "Vietnam GDP grows faster in third quarter on exports\nBy Dat Nguyen October 6, 2023 | 05:00 "
     "pm GMT+7\nVietnam's economy grew 5.33%.",
     NULL, NULL, "Vietnam GDP grows faster in third quarter on exports", NULL,
     "October 6, 2023 | 05:00 pm GMT+7",
     "{\"raw\":\"By Dat Nguyen\",\"authors\":[\"Dat Nguyen\"],\"roles\":[\"text\"]}",
     "Vietnam's economy grew 5.33%.", false, 0},
    {"a bare name under the title, over the lead",
     "Thứ hai, 6/11/2023, 09:15 (GMT+7)\nHà Nội xúc tiến xuất khẩu nông sản\nHoàng Mạnh\nSáng "
     "6/11, tại Hà Nội, Bộ Công Thương phối hợp các đơn vị tổ chức hội nghị xúc tiến xuất khẩu "
     "nông sản.",
     NULL, NULL, "Hà Nội xúc tiến xuất khẩu nông sản", NULL, "Thứ hai, 6/11/2023, 09:15 (GMT+7)",
     "{\"raw\":\"Hoàng Mạnh\",\"authors\":[\"Hoàng Mạnh\"],\"roles\":[\"text\"]}",
     "Sáng 6/11, tại Hà Nội, Bộ Công Thương phối hợp các đơn vị tổ chức hội nghị xúc tiến xuất "
     "khẩu nông sản.",
     false, 0},
    {"a bare name under the title over a short paragraph stays",
     "Thứ hai, 6/11/2023, 09:15 (GMT+7)\nHà Nội xúc tiến xuất khẩu nông sản\nHoàng Mạnh\nNội dung "
     "ngắn.",
     NULL, NULL, "Hà Nội xúc tiến xuất khẩu nông sản", NULL, "Thứ hai, 6/11/2023, 09:15 (GMT+7)",
     NULL, "Hoàng Mạnh\nNội dung ngắn.", false, 0},
    {"a section name above title and dateline",
     "KINH TẾ\nHà Nội xúc tiến xuất khẩu nông sản\n06/11/2023 09:15\nNội dung.", NULL, NULL,
     "Hà Nội xúc tiến xuất khẩu nông sản", NULL, "06/11/2023 09:15", NULL, "Nội dung.", false, 0},
    {"two section names joined by a dash above title and dateline",
     "An ninh - Trật tự\nĐồng Tháp: Xử phạt 1.246 trường hợp vi phạm\n27/11/2026 - 08:15\n(ĐT) - "
     "Ngày 26/11, Phòng Cảnh sát giao thông cho biết.",
     NULL, NULL, "Đồng Tháp: Xử phạt 1.246 trường hợp vi phạm", "ĐT", "27/11/2026 - 08:15", NULL,
     "Ngày 26/11, Phòng Cảnh sát giao thông cho biết.", false, 0},
    {"a short title with a dash between two places stays the title",
     "Hà Nội - Hải Phòng\n06/11/2023 09:15\nNội dung.", NULL, NULL, "Hà Nội - Hải Phòng", NULL,
     "06/11/2023 09:15", NULL, "Nội dung.", false, 0},
    {"a section name and the dateline on one line",
     "Kinh tế | 06/11/2023 09:15\nHà Nội xúc tiến xuất khẩu nông sản\nNội dung.", NULL, NULL,
     "Hà Nội xúc tiến xuất khẩu nông sản", NULL, "Kinh tế | 06/11/2023 09:15", NULL, "Nội dung.",
     false, 0},
    {"a source tag on a line of its own",
     "06/11/2023 09:15\nHà Nội xúc tiến xuất khẩu nông sản\n(NDO) -\nSáng 6/11, hội nghị diễn ra.",
     NULL, NULL, "Hà Nội xúc tiến xuất khẩu nông sản", "NDO", "06/11/2023 09:15", NULL,
     "Sáng 6/11, hội nghị diễn ra.", false, 0},
    {"a bracketed tag alone over the lead is not a byline",
     "06/11/2023 09:15\nHà Nội xúc tiến xuất khẩu nông sản\n(CT)\nSáng 6/11, hội nghị diễn ra.",
     NULL, NULL, "Hà Nội xúc tiến xuất khẩu nông sản", "CT", "06/11/2023 09:15", NULL,
     "Sáng 6/11, hội nghị diễn ra.", false, 0},
    {"a photo caption between the headline and its lead",
     "Quảng Nam sơ tán hơn 3.000 dân tránh bão\nNgười dân chằng chống nhà cửa. Ảnh: Đắc "
     "Thành\nChiều 27/10, chính quyền các huyện ven biển bắt đầu sơ tán hơn 3.000 người đến nơi an "
     "toàn.",
     NULL, NULL, "Quảng Nam sơ tán hơn 3.000 dân tránh bão", NULL, NULL, NULL,
     "Chiều 27/10, chính quyền các huyện ven biển bắt đầu sơ tán hơn 3.000 người đến nơi an toàn.",
     false, 1},
    {"a section name in capitals between the dateline and the title",
     "12/11/2024 - 15:40\nY TẾ\nĐồng Tháp: Số ca mắc sởi tăng mạnh\n(ĐT) - Sáng 12/11, chiến "
     "dịch bắt đầu.",
     NULL, NULL, "Đồng Tháp: Số ca mắc sởi tăng mạnh", "ĐT", "12/11/2024 - 15:40", NULL,
     "Sáng 12/11, chiến dịch bắt đầu.", false, 0},
    {"a known section name in mixed case between the dateline and the title",
     "20/11/2026 - 16:45\nPháp luật\nTuyên phạt 12 năm tù đối với nguyên giám đốc\n(GL) - Ngày "
     "20-11, phiên tòa mở.",
     NULL, NULL, "Tuyên phạt 12 năm tù đối với nguyên giám đốc", "GL", "20/11/2026 - 16:45", NULL,
     "Ngày 20-11, phiên tòa mở.", false, 0},
    {"a short mixed-case line that names no section stays the title",
     "20/11/2026 - 16:45\nPháp luật mới\nTuyên phạt 12 năm tù đối với nguyên giám đốc\nNội dung.",
     NULL, NULL, "Pháp luật mới", NULL, "20/11/2026 - 16:45", NULL,
     "Tuyên phạt 12 năm tù đối với nguyên giám đốc\nNội dung.", false, 0},
    {"a short title in lowercase under the dateline stays the title",
     "12/11/2024 - 15:40\nMưa lớn kéo dài\nNhiều tuyến đường ngập sâu\nNội dung.", NULL, NULL,
     "Mưa lớn kéo dài", NULL, "12/11/2024 - 15:40", NULL, "Nhiều tuyến đường ngập sâu\nNội dung.",
     false, 0},
    {"a section name over the dateline and the kicker",
     "THỜI SỰ\n16/11/2023 - 20:45\nĐồng chí A, Chủ tịch UBND:\nTập trung hoàn thành hạ tầng\n(CT) "
     "- Chiều 16-11, buổi làm việc diễn ra.",
     NULL, "Đồng chí A, Chủ tịch UBND", "Tập trung hoàn thành hạ tầng", "CT", "16/11/2023 - 20:45",
     NULL, "Chiều 16-11, buổi làm việc diễn ra.", false, 0},
    {"a last paragraph signed by the agency after a dash",
     "The bypass will connect two highways. — VNS", NULL, NULL, NULL, NULL, NULL,
     "{\"raw\":\"— VNS\",\"authors\":[\"VNS\"],\"roles\":[\"source\"]}",
     "The bypass will connect two highways.", false, 0},
    {"a dash before a name inside the last sentence stays",
     "Ông nói rằng dự án sẽ hoàn thành — Thanh Thy", NULL, NULL, NULL, NULL, NULL, NULL,
     "Ông nói rằng dự án sẽ hoàn thành — Thanh Thy", false, 0},
    {"a first line unlike the submitted title stays, even over a long lead",
     "Đề xuất thu phí ô tô vào khu vực nội đô\nÔ tô đi vào khu vực bên trong đường Vành đai 1 có "
     "thể phải nộp phí từ năm 2026, theo đề án mới.",
     "Hà Nội đề xuất thu phí ô tô vào nội đô từ năm 2026", NULL, NULL, NULL, NULL, NULL,
     "Đề xuất thu phí ô tô vào khu vực nội đô\nÔ tô đi vào khu vực bên trong đường Vành đai 1 có "
     "thể phải nộp phí từ năm 2026, theo đề án mới.",
     false, 0},
    {"the title repeated as the first body line",
     "06/11/2023 09:15\nHà Nội xúc tiến xuất khẩu nông sản\nHà Nội xúc tiến xuất khẩu nông "
     "sản.\nNội dung.",
     NULL, NULL, "Hà Nội xúc tiến xuất khẩu nông sản", NULL, "06/11/2023 09:15", NULL, "Nội dung.",
     false, 0},
    {"an agency's name alone on the last line", "The two sides discussed trade.\nVNA", NULL, NULL,
     NULL, NULL, NULL, "{\"raw\":\"VNA\",\"authors\":[\"VNA\"],\"roles\":[\"source\"]}",
     "The two sides discussed trade.", false, 0},
    {"agencies joined by a slash on the last line", "Hai bên thảo luận.\nTTXVN/Vietnam+", NULL,
     NULL, NULL, NULL, NULL,
     "{\"raw\":\"TTXVN/Vietnam+\",\"authors\":[\"TTXVN\",\"Vietnam+\"],\"roles\":[\"source\"]}",
     "Hai bên thảo luận.", false, 0},
    {"an unknown acronym on the last line stays", "Hai bên thảo luận.\nUBND", NULL, NULL, NULL,
     NULL, NULL, NULL, "Hai bên thảo luận.\nUBND", false, 0},
    {"a place and the dateline under the title",
     "Bình Định khởi công cảng cạn Phước Lộc\nHà Nội - 06/11/2023 09:15\nSáng 6/11, lễ khởi công "
     "diễn ra.",
     NULL, NULL, "Bình Định khởi công cảng cạn Phước Lộc", NULL, "Hà Nội - 06/11/2023 09:15", NULL,
     "Sáng 6/11, lễ khởi công diễn ra.", false, 0},
    {"a place and the dateline over the title",
     "Cần Thơ, ngày 6/11/2023\nThu hút thêm 3 dự án mới\n(CT) - Trong tháng 10, có 3 dự án.", NULL,
     NULL, "Thu hút thêm 3 dự án mới", "CT", "Cần Thơ, ngày 6/11/2023", NULL,
     "Trong tháng 10, có 3 dự án.", false, 0},
    {"a name and a date under the title stay a byline",
     "Bình Định khởi công cảng cạn Phước Lộc\nHoàng Trọng - 06/11/2023 09:15\nSáng 6/11, lễ "
     "khởi công diễn ra.",
     NULL, NULL, "Bình Định khởi công cảng cạn Phước Lộc", NULL, "06/11/2023 09:15",
     "{\"raw\":\"Hoàng Trọng\",\"authors\":[\"Hoàng Trọng\"],\"roles\":[\"text\"]}",
     "Sáng 6/11, lễ khởi công diễn ra.", false, 0},
    {"a source tag without a dash opens the first paragraph",
     "(TTXVN) Sáng 5/11, hội nghị diễn ra.\nCác đại biểu (WHO) thảo luận.", NULL, NULL, NULL,
     "TTXVN", NULL, NULL, "Sáng 5/11, hội nghị diễn ra.\nCác đại biểu (WHO) thảo luận.", false, 0},
    {"a ticker opening the text keeps its prefix",
     "VN-Index tăng 12 điểm trong phiên sáng nay.\nThanh khoản cải thiện.", NULL, NULL, NULL, NULL,
     NULL, NULL, "VN-Index tăng 12 điểm trong phiên sáng nay.\nThanh khoản cải thiện.", false, 0},
    {"a one-line body opening with Theo stays", "Theo Sở Y tế Hà Nội, đã có 120 ca mắc mới", NULL,
     NULL, NULL, NULL, NULL, NULL, "Theo Sở Y tế Hà Nội, đã có 120 ca mắc mới", false, 0},
    {"a one-line credit-like body stays", "Theo Sở Y tế Hà Nội", NULL, NULL, NULL, NULL, NULL, NULL,
     "Theo Sở Y tế Hà Nội", false, 0},
    {"a short first paragraph opening with Theo stays",
     "Theo Sở Y tế Hà Nội\nThành phố ghi nhận thêm 120 ca mắc mới trong tuần.\nBáo Tin tức", NULL,
     NULL, NULL, NULL, NULL, NULL,
     "Theo Sở Y tế Hà Nội\nThành phố ghi nhận thêm 120 ca mắc mới trong tuần.\nBáo Tin tức", false,
     0},
    {"a Theo credit on the last line is the byline",
     "Thành phố ghi nhận thêm 120 ca mắc mới trong tuần.\nTheo Báo Tin tức", NULL, NULL, NULL, NULL,
     NULL, "{\"raw\":\"Theo Báo Tin tức\",\"authors\":[\"Báo Tin tức\"],\"roles\":[\"source\"]}",
     "Thành phố ghi nhận thêm 120 ca mắc mới trong tuần.", false, 0},
    {"a writer's note at the end joins the byline under the title",
     "Vietnam will build a new airport\nBy Aniruddha Ghosal\nNovember 6, 2023 | 05:00 pm\nThe "
     "airport will open in 2030.\nIt costs 2 billion USD.\nAssociated Press writer Hau Dinh in "
     "Hanoi contributed to this report.",
     NULL, NULL, "Vietnam will build a new airport", NULL, "November 6, 2023 | 05:00 pm",
     "{\"raw\":\"By Aniruddha Ghosal\\nAssociated Press writer Hau Dinh in Hanoi contributed to "
     "this report\",\"authors\":[\"Aniruddha Ghosal\",\"Hau Dinh\"],\"roles\":[\"text\"]}",
     "The airport will open in 2030.\nIt costs 2 billion USD.", false, 0},
    {"additional reporting at the end joins the byline under the title",
     "Vietnam to build new airport in the south\nBy Dat Nguyen, VnExpress\nOctober 6, 2023 | 05:00 "
     "pm GMT+7\nVietnam will build a new airport.\nIt costs a lot.\n(Additional reporting by Khanh "
     "Vu; Editing by Kim Coghill)",
     NULL, NULL, "Vietnam to build new airport in the south", NULL,
     "October 6, 2023 | 05:00 pm GMT+7",
     "{\"raw\":\"By Dat Nguyen, VnExpress\\n(Additional reporting by Khanh Vu; Editing by Kim "
     "Coghill)\",\"authors\":[\"Dat Nguyen\",\"Khanh Vu\",\"Kim Coghill\"],\"roles\":[\"text\","
     "\"editing\"]}",
     "Vietnam will build a new airport.\nIt costs a lot.", false, 0},
    {"empty", "", NULL, NULL, NULL, NULL, NULL, NULL, "", false, 0},
};

static void expect_str(const char *what, const char *name, const char *got, const char *want,
                       int *failures)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
        printf("split \"%s\": %s is \"%s\", want \"%s\"\n", name, what, got ? got : "(null)",
               want ? want : "(null)");
        (*failures)++;
    }
}

static void test_split(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof splits / sizeof splits[0]; i++) {
        const struct split_case *c = &splits[i];
        enum enrich_lang lang =
            strstr(c->text, "Reuters") || strstr(c->text, "By ") ? ENRICH_LANG_EN : ENRICH_LANG_VI;
        struct enrich_structure_hints hints = {.lang = lang, .title = c->hint_title};
        struct enrich_structure st;
        assert_int_equal(enrich_structure_split(c->text, strlen(c->text), &hints, &st), 0);
        expect_str("kicker", c->name, st.kicker, c->kicker, &failures);
        expect_str("title", c->name, st.title, c->title, &failures);
        expect_str("source_tag", c->name, st.source_tag, c->source_tag, &failures);
        expect_str("dateline", c->name, st.dateline, c->dateline, &failures);
        expect_str("text", c->name, st.text.data ? st.text.data : "", c->body, &failures);
        char *byline = st.byline ? json_dumps(st.byline, JSON_COMPACT) : NULL;
        expect_str("byline", c->name, byline, c->byline, &failures);
        free(byline);
        if (st.truncated != c->truncated || json_array_size(st.captions) != c->captions) {
            printf("split \"%s\": truncated %d captions %zu\n", c->name, st.truncated,
                   json_array_size(st.captions));
            failures++;
        }
        enrich_structure_free(&st);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_bylines),
        cmocka_unit_test(test_captions),
        cmocka_unit_test(test_caption_credit_offsets),
        cmocka_unit_test(test_boilerplate),
        cmocka_unit_test(test_widget_tails),
        cmocka_unit_test(test_list_headings),
        cmocka_unit_test(test_source_tags),
        cmocka_unit_test(test_outlets),
        cmocka_unit_test(test_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
