// A comment between two tokens of any statement keeps its place: the line
// breaks there and the statement goes on one level deeper, in every
// construct that may be written over several lines.
policy "breaks" {
    insutype 310
    source "通知" // title
        by "某局" // issuer
        number "某医保〔2025〕1号"
        // before the year
        year 2025 url // before the address
        "https://example.invalid/notice"
    effective 2025-01-01 // from
        to 2025-12-31
    note // before the note
        "a formatter test"
}

enum psn_type // before the title
    "人员类别" {
    在职 = // before the codes
        1101, 1102
    退休 = 1201, 1202 // a trailing comment
}

param 表 = table by medins_lv, // 等级
    psn_type {
    三级 | // or
        二级, 在职: 85%
    三级, 退休: // before the value
        90%
    default: 80%
}

param 单 = match // before the key
    medins_lv { 三级: 80%, default: 70% }

param 改 = table // before by
    by medins_lv { 三级: 80%, default: 70% }

param 大病分段 // before the equals sign
    = bands {
    0..500: // before the value
        25%
    500..: 50%
}

param 比例 = min(90%, // the first argument
    95%) + 5% // then five more
    - 1%
    × (100% - // inside the brackets
        0%)

param 年龄 = if age >= 60 and // both
    psn_type in [在职, // working
        退休] then 90% else 85%

benefit 住院 // 内部名
    "普通住院" { // 对外名称
    covers 普通住院, // first
        外伤住院
    when not // not this
        mdtrt_area == 跨省异地
    deductible ¥1000 per // per what
        admission pool 住院 schedule [100%, // first admission
        50%]
    ratio 表
    adjust + 10% // ten more
        when medins_lv == 基层
    remote by // the key
        mdtrt_area {
        省内异地: - // five less
            5%
        default: × 100%
    }
    cap ¥400000 per year limit // the shared limit
        统筹年度限额
    cap ¥1000 per visit // each visit
        when age > 60 or // older
        psn_type == 退休
}

benefit 门诊 {
    covers 普通门诊
    ratio  50%
}

fund 大病 // the fund
    "大病保险" {
    code 390200
    applies 住院, // and nothing else
        门诊
    base oop
    ratio 50%
    cap ¥300000 // yearly
        per year
}

account {
    spend current
    credit ¥100 // a month
        when age >= 60
    share 配偶, // spouse
        子女
}
