// A credit rule reads a contribution row, not a claim.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    credit medfee_sumamt × 2% // ### `a credit rule reads a contribution row, not claim field medfee_sumamt`
}
---
// Contribution fields are not claim fields.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
    cap contribution_base per year // ### `contribution_base is a field of a contribution row`
}
---
// Which balance is spent first.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    spend newest // ### `spend names the balance spent first: current \(当年\) or carried \(历年\), not "newest"`
}
---
// A credit is money.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    credit contribution_base // fine
    credit 2% when age < 35 // ### `a credit is money, not ratio`
}
---
// Relations come from the national list.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    share 配偶, 父毋 // ### `unknown family relation "父毋"`
}
---
// 断缴 keeps or freezes the account; the window is whole months.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    lapse thaw // ### `lapse says what 断缴 does to the account: keep \(可用\) or freeze \(冻结\), not "thaw"`
    backpay 2.5 // ### `a back-payment window is a whole number of months from 0 to 120, not 2.5`
    interest 150% // ### `outside`
}
---
// A credit's rate without % credits that many times the base; with % it
// is a share of it, and own_contribution alone is a credit too.
policy "p" {
    insutype 310
    source "s"
}
benefit c {
    covers 普通住院
    ratio 85%
}
account {
    credit own_contribution + contribution_base × 1.5 when psn_type == 职工在职 and age < 45 // ### `contribution_base × 1.5 is 1.5 times contribution_base: a credit takes a percentage of it`
    credit own_contribution + contribution_base × 2% when psn_type == 职工在职
    credit 2.5 × pension when psn_type == 职工退休 // ### `pension × 2.5 is 2.5 times pension`
    credit own_contribution
}
