// A test policy for the personal account's rules. The figures are the
// seeds of ../shared/spec/domain.md: the member's own contribution in full
// plus 1.3% of the base under 35 and 1.5% from 35 to 44 (1.8% above is this
// file's choice), retirees 2.8% of their pension (the 2021 reform's fixed
// retiree sum); interest 1.5% a year and a 3-month back-payment window are
// this file's choices. Not a real region's policy.
policy "个人账户规则（测试）" {
    insutype  310
    effective 2025-01-01 to 2026-12-31
    source    "国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见" by "国务院办公厅" number "国办发〔2021〕14号" year 2021
    note      "test figures; see the comment above"
}

enum psn_type {
    在职 = 1101
    退休 = 1201
}

benefit 门诊 "普通门诊（统筹不支付，个人账户支付）" {
    covers 普通门诊
    ratio  0%
}

benefit 住院 "普通住院" {
    covers     普通住院
    deductible ¥1000 per year
    ratio      85%
}

account {
    spend    current
    credit   own_contribution + contribution_base × 1.3% when psn_type == 在职 and age < 35
    credit   own_contribution + contribution_base × 1.5% when psn_type == 在职 and age < 45
    credit   own_contribution + contribution_base × 1.8% when psn_type == 在职
    credit   pension × 2.8% when psn_type == 退休
    interest 1.5%
    lapse    keep
    backpay  3
    share    配偶, 父母, 子女
}
