policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 门慢限额 = ¥6000
待遇 住院 {
    适用   普通住院
    起付线 ¥1000 每次 分次 [100%, 50%]
}
