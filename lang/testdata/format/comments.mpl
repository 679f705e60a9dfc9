// Comments in every kind of block, each where its author put it: at the
// end of its line, or on a line of its own before what it is about. A
// comment after a closing brace stays there and moves nothing else.
policy "注释" { // after the header's brace
    insutype 310 // the scheme
    // before the source
    source "某通知"
} // after the header

enum psn_type {
    在职 = 1101, 1102 // working
    // before 退休
    退休 = 1201
    离休 = 1301, // 离休
        1302     // 二等乙级以上革命伤残军人
} // after the enum

// before the match
param 住院起付线 = match medins_lv { // after match's brace
    一级: ¥200 // 一级
    // before 二级
    二级: ¥500
    三级: ¥1000 // 三级
    // before the brace
} // 通知第一条

param 住院比例 = table by medins_lv, psn_type {
    三级, 在职: 85% // level 3
    // between rows
    default: 80%
} // 通知第二条

param 大病分段 = bands {
    0..500: 25% // first band
    // before the open band
    500..: 50%
} // 通知第三条

param 两段 = bands { 0..500: 25%, 500..: 50% // after the second band
}

param 两行 = match medins_lv {
    一级:
        95% // the row's value
    default: 90%
}

param 年龄比例 = if age >= 60 // 60岁以上
    then 90% // 第三条
    // before else
    else 85%

benefit 住院 { // after benefit's brace
    covers 普通住院, // first cover
        外伤住院
    // before the ratio
    ratio 住院比例 // the table
    remote by mdtrt_area { // after remote's brace
        省内异地: - 5% // 省内
        // before default
        default: × 100%
    } // 通知第六条
    deductible ¥1000 // 通知第一条
        per admission pool 住院 // 共用
    cap ¥400000 per year // 年度
    cap ¥1000 per visit
        when age > 60 // older
} // after the benefit

fund 大病 {
    code 390200 // 大额
    applies 住院
    base oop
    ratio 大病分段 // banded
    cap ¥300000 per year
} // after the fund

account { // after account's brace
    spend all // everything
    // before the credit
    credit ¥100 when age >= 60 // 老年
} // after account
// at the end
