// 国家医疗保障信息平台的编码表 — the national code tables that HIS systems
// send in claims (2207/2304 interface fields). A policy's own `enum` over the
// same field groups these codes into its own labels (在职 = 1101, 1102, 1103);
// a policy that declares none uses these labels directly.
//
// Sources: 国家医疗保障局《医疗保障信息平台 定点医药机构接口规范》数据字典
// (med_type, insutype, psn_type, fund_pay_type, chrgitm_lv, psn_insu_stas), 2020–2023 editions,
// as summarised in ../shared/spec/domain.md. Provider levels (medins_lv),
// treatment area and remote filing have no verified national code table;
// the labels below are the ones settlement-io.md uses.
library "国家医保编码表" {
    source "医疗保障信息平台 定点医药机构接口规范（数据字典）" by "国家医疗保障局" year 2023
}

enum med_type "医疗类别" {
    普通门诊     = 11
    门诊挂号     = 12
    急诊         = 13
    门诊慢特病   = 14
    意外伤害门诊 = 19
    普通住院     = 21
    外伤住院     = 22
    转外诊治住院 = 23
    急诊转住院   = 24
    定点药店购药 = 41
    生育门诊     = 51
    生育住院     = 52
    计划生育手术 = 53
    其他         = 99
}

enum insutype "险种类型" {
    职工基本医疗保险     = 310
    公务员医疗补助       = 320
    大额医疗费用补助     = 330
    离休人员医疗保障     = 340
    企业补充医疗保险     = 370
    新型农村合作医疗     = 380
    城乡居民基本医疗保险 = 390
    城镇居民基本医疗保险 = 391
    城乡居民大病医疗保险 = 392
    长期照护保险         = 410
    生育保险             = 510
}

enum psn_type "人员类别" {
    职工在职     = 1101
    公务员在职   = 1102
    灵活就业在职 = 1103
    职工退休     = 1201
    公务员退休   = 1202
    灵活就业退休 = 1203
    离休         = 1300
    新生儿       = 1401
    学龄前儿童   = 1402
    中小学生     = 1403
    大学生       = 1404
    未成年未入学 = 1405
    普通居民     = 1501
}

// No national table: the levels settlement-io.md names. A policy may map
// finer levels of its own.
enum medins_lv "医疗机构等级" {
    一级 = 1
    二级 = 2
    三级 = 3
    基层
    药店
}

enum mdtrt_area "就医地" {
    本地
    省内异地
    跨省异地
}

enum remote_filing "异地备案类型" {
    未备案
    长期
    临时
    转诊
    急诊
}

enum fund_pay_type "基金支付类型" {
    职工基本医疗保险统筹基金     = 310100
    职工基本医疗保险个人账户     = 310200
    公务员医疗补助资金           = 320100
    大额医疗费用补助基金         = 330100
    离休人员医疗保障基金         = 340100
    企业补充医疗保险基金         = 370100
    城乡居民基本医疗保险统筹基金 = 390100
    城乡居民大病医疗保险资金     = 390200
    生育保险基金                 = 510100
    医疗救助基金                 = 610100
    其他基金                     = 999997
}

enum chrgitm_lv "收费项目等级" {
    甲 = 01
    乙 = 02
    丙 = 03
}

enum psn_insu_stas "参保状态" {
    未参保 = 0
    正常   = 1
    暂停   = 2
    终止   = 4
}
