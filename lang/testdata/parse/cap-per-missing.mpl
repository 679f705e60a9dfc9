policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
benefit 门慢 {
    covers 门诊慢特病
    ratio  80%
    cap    门慢限额
    // the next line's "}" is where the parser stops
}
