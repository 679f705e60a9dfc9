policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 住院起付线 = match psn_type {
    在职: ¥1500
	退修: ¥1200
    default: ¥700
}
param 上限 = 住院起付线 + 5%
benefit 住院 {
    covers 普通住院
    ratio 85%
    cap ¥460000 + 5% per year
}
