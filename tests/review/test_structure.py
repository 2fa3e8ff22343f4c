"""The structure rules on the traps the issue names: each case is one a phrase-list checker got
wrong. A call is a greeting, the lines given, and a goodbye."""

from __future__ import annotations

import pytest

from ivr.review import check_call
from ivr.review.matchers import HOMOPHONE, keeps_own
from ivr.review.rules import apply_overrides, load_pack
from ivr.review.second_opinion import rules_only
from tests.review.corpus import book, call, render

GREETING = "A: 您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？"
GOODBYE = "A: 感谢您的来电，祝您生活愉快，再见。"


def status(rule: str, *lines: str) -> str:
    """The rules' own verdict: the learned second opinion is tested in test_second_opinion."""
    transcript = render(call(GREETING, *lines, GOODBYE))
    script = book().get("appliance-service")
    pack = apply_overrides(load_pack(script.lang), script.checker)
    return check_call(transcript, script, rules_only(pack)).finding(rule).status


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # commitments with any verb, a deadline or the agent's side acting
        ("A: 我们给您重新发一个，三个工作日内送到。", "pass"),
        ("A: 结果最晚周四给您答复。", "pass"),
        ("A: 我今天下班前报给主管。", "pass"),
        ("A: 明早九点前查完录像告诉您。", "pass"),
        ("A: 师傅会在两个小时之内上门。", "pass"),
        # information, not a commitment
        ("A: 一般隔天就到。", "na"),
        ("A: 您收货后十五天内都能换。", "na"),
        ("A: 我们营业时间是早上九点到晚上六点。", "na"),
        ("A: 这周四上午还有号，您方便吗？", "na"),
        ("A: 您是说您明天下午在家，对吗？", "na"),
        # vague or pending with no time
        ("A: 过阵子看看吧。", "fail"),
        ("A: 您先等消息吧。", "fail"),
        ("A: 我帮您把情况反馈给技术部门。", "fail"),
        # ... not the word as a noun (收到的反馈): no process opened
        ("A: 我们这边收到的反馈不多，您还是先查查自己的电脑。", "na"),
        ("A: 有结果了我们再通知您。", "fail"),
        # the time not fixed yet, or the caller told to wait
        ("A: 抢修队还在挖管道，具体几点现在还定不下来。", "fail"),
        ("A: 有人处理了自然就修了，你等着吧。", "fail"),
        ("A: 具体几点出我这边不大清楚，各个项目不一样。", "na"),
        # ... nor a thing no one can tell in general (本来就说不准, 谁也说不准)
        ("A: 看诊时间本来就说不准的，您下次可以约早上第一个号。", "na"),
        ("A: 信号这东西谁也说不准，您去窗户边上打。", "na"),
        ("A: 这个说不准，批下来我们会告诉您的。", "fail"),
        # a concrete and a vague promise: the vague one leaves a matter open
        ("A: 新机器明天上午送到，赔偿的事等领导定了再说。", "fail"),
        ("A: 预计今天晚上八点前恢复供水，送水车的事我们尽量安排。", "fail"),
        ("A: 定损组明天中午十二点前给您回电话，门店那边后续看情况处理。", "fail"),
        # the vague one heard only by sound (有结锅了): a person should listen
        ("A: 新机器明天上午送到，赔偿的事有结锅了我们通知您。", "uncertain"),
        # a matter left to a condition after the promise: a person should judge it
        ("A: 明天上午十点给您重新粘上，要重做的话，技工那边做好了再通知您。", "uncertain"),
        # a vague word the agent makes concrete at once
        ("A: 我们会尽快，明天中午十二点前到账。", "pass"),
        # the cue nearest the time governs it; the agent acting toward the caller promises
        ("A: 配件到了以后，我们保证五天内修好。", "pass"),
        ("A: 我给您排好以后，明天中午十二点前发短信告诉您。", "pass"),
        ("A: 退款预计三到五个工作日原路返回。", "pass"),
        # a report back once the promised step is done is part of the promise
        ("A: 技术部今天下午四点前处理完，处理好了会短信通知您。", "pass"),
        ("A: 今天傍晚六点之前把垃圾全部清运完，再安排保洁做一次消杀。", "pass"),
        ("A: 今天下午六点之前给您升级到两个T，升级好了会发邮件给管理员邮箱。", "pass"),
        ("A: 桌子我让后勤半小时内送过去，漏水那个要物业查管道，查出来了再跟您说。", "fail"),
        ("A: 我已经派单给运维班，电工今天下午过去调整，具体几点他出发前会先给您打电话。", "pass"),
        ("A: 我这边记录下来，会把您的表扬转给他所在的班组。", "na"),
        # the caller's own next step, or the agent's once the caller has acted
        ("A: 今天下午五点前修正好。另外建议您稍后登录把密码改一下。", "pass"),
        ("A: 报价单今天下午五点前发到您的邮箱，您确认了我们就安排。", "pass"),
        # thanks for waiting, a thing that will no longer happen, the caller's own next call
        ("A: 感谢您耐心等了这么久，您的保险是下个月十八号到期。", "na"),
        ("A: 已经把您的号码加到免打扰名单了，以后不会再给您打营销电话。", "na"),
        ("A: 这条投诉我已经帮您撤销了，不会再转给街道了。", "na"),
        ("A: 账单日今年已经改过了，您明年再打来吧。", "na"),
        ("A: 规定就这样，您等合约到期再说吧。", "na"),
        ("A: 你到店里再说吧。", "na"),
        # ... but "talk later" about a step of the agent's side leaves it open
        ("A: 找到了怎么寄给您，到时候再说吧。", "fail"),
        ("A: 让您久等了，感谢您耐心等待班组那边电话没人接。", "na"),
        # a day that only says when the work is: the call back waits on it
        ("A: 医生今天手术多，忙完了就打给您。", "fail"),
        # a recurring time, a period, working-day hours, free slots: information
        ("A: 每年三月初到货，也可以在小程序上提前预订。", "na"),
        ("A: 兑奖期是开奖后六十天内。", "na"),
        ("A: 工作日晚上八点前我们也接诊。", "na"),
        ("A: 赵医生下周二下午两点有空，您看合适吗？", "na"),
        ("A: 我报给工程部了，他们有空了会过去看。", "fail"),
        # what the caller may do by then, an event's schedule, usual hours: information
        ("A: 七天内可以无理由退货。", "na"),
        ("A: 周日晚上九点前还车就可以。", "na"),
        ("A: 您的航班预计晚上九点二十起飞。", "na"),
        ("A: 我们周末正常上班。", "na"),
        # a restock, a sale, a validity, a planned outage's end: information, 预计 and all
        ("A: 这款仓库那边预计下周三补货。", "na"),
        ("A: 下一期预计下周一上午十点发售。", "na"),
        ("A: 那张券本月底前有效。", "na"),
        # a deadline or plan of the caller's, or what the caller may still do by then
        ("A: 支付链接发到您手机上了，请在三十分钟内支付完成。", "na"),
        ("A: 演出这场您最晚下周五晚上七点半之前操作。", "na"),
        ("A: 会员本月已经扣了费，本月底之前还能正常用。", "na"),
        ("A: 因为您预计晚上十点以后到店，需要信用卡担保。", "na"),
        # ... not the caller as the object of a promise (告诉您最晚…)
        ("A: 有进展会随时告诉您最晚明天中午十二点前师傅会给您回电话。", "pass"),
        ("A: 小区今天是计划检修停电，预计下午五点恢复供电。", "na"),
        ("A: 这片没有计划停水，我已经派单，今天下午六点前会有师傅到现场。", "pass"),
        # a slot still free is information, not a vague 有空 (师傅有空了会联系您)
        ("A: 赵医生周四上午十点有空，您看合适吗？", "na"),
        ("A: 下周六下周日都还有空档，改期不收费。", "na"),
        # the agent's side acting toward the caller, or a promise word, right after the time
        ("A: 可以的，周三中午十二点之前给您装好。", "pass"),
        ("A: 可以，下午三点前一定恢复。", "pass"),
        ("A: 可以，周五之前我们把一百七十码的送到班上。", "pass"),
        # "可以的" answers yes; it is no option for the caller
        ("A: 城东店有同款的车，可以的，今晚九点半之前送车员把新车开到您酒店楼下。", "pass"),
        # a policy's fee by time, and 近期 as "recent", are information
        ("A: 特价票起飞前七天以上退票收百分之二十，七天以内收百分之五十。", "na"),
        ("A: 如果有慢性病，建议带上近期的诊断证明。", "na"),
        # a time no cue decides, only the agent's side being near: a person should listen
        ("A: 这个我给您手动开通，十分钟左右生效。", "uncertain"),
        # a vague word in the caller's own conditional leaves nothing pending
        ("A: 不预约的话现场可能要等一会儿。", "na"),
        ("A: 配件到了的话我们尽快通知您。", "fail"),
        # someone else acting once the caller's own step is done: nothing left on the agent
        ("A: 请您马上报警，拿到报警回执后公安会通知收款行冻结账户。", "na"),
        ("A: 您去了柜台人家会给您算。", "na"),
        # ... but the agent's side acting after it, or after someone else's step, is pending
        ("A: 您把发票寄过来，收到后我们会通知您。", "fail"),
        ("A: 师傅看完了财务会联系您。", "fail"),
        # a time the worker's own other jobs decide (忙完手上的活儿就过去)
        ("A: 维修师傅忙完手上的活儿就过去。", "fail"),
        # left to time, to watching, to a spare moment, or to the caller chasing: no time
        ("A: 我们这边再冲一冲管子，应该慢慢就清了。", "fail"),
        ("A: 我们先留意着，要是还有别的孩子这样再化验。", "fail"),
        ("A: 这几天师傅都在下乡，等他抽出空来就过去。", "fail"),
        ("A: 查勘员排到了会给您打电话，下礼拜要是还没人联系您，您再打过来问问。", "fail"),
        # the agent's side coming, sending or arranged for the time
        ("A: 明天上午九点到十二点之间，师傅到您家里去看。", "pass"),
        ("A: 我安排师傅后天上午带空压机过去给您重新洗井。", "pass"),
        ("A: 我给您换，明天下午送新的过去。", "pass"),
        # a date given as around (前后), slots on offer every week: information
        ("A: 按规则下个月九号前后会自动解冻，不用您操作。", "na"),
        ("A: 门店每周六有免费上门检测的名额，要提前在门店登记。", "na"),
        # others reporting to us leave nothing pending on us
        ("A: 您把材料交到村委会，村里统一报给我们。", "na"),
        # a side matter the agent also passes on, after the main promise
        (
            "A: 这笔钱两个工作日之内退回到您卡上。老板那边的说法我们也反馈给网点，回头让他们说说。",
            "pass",
        ),
        # ... or one it turns to with 至于 after the promise
        ("A: 明天中午十二点前给您回电话。至于团长以后还能不能带团，评估完了再跟您说。", "pass"),
        # when a delivery came (是四点十二分送达的) is what happened, not a promise
        ("A: 这单是四点十二分送达的，超时赔付的钱已经退给您了。", "na"),
    ],
)
def test_follow_up_time_by_structure(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the caller asking when, and the agent's answer naming no time: left pending
        (
            ("A: 我给您派电工过去。", "C: 那什么时候能修好？", "A: 电工手上单子多，忙完就过去。"),
            "fail",
        ),
        (("A: 我帮您给店铺留个言。", "C: 啥时候回啊？", "A: 这个看店铺。"), "fail"),
        # answered with a time, or now, or the caller sent to whoever decides it: nothing pending
        (("A: 我给您派电工过去。", "C: 那什么时候能修好？", "A: 今天下午五点前修好。"), "pass"),
        (
            (
                "A: 是供电公司的线路问题。",
                "C: 那什么时候来电？",
                "A: 这个不归我们管，你问供电公司吧。",
            ),
            "na",
        ),
        # asked again and answered then: the first answer is not what was left
        (
            (
                "A: 订单已经发货了。",
                "C: 大概几天能到？",
                "A: 您稍等。",
                "C: 那几天能到呢？",
                "A: 您看一下物流页面上的预计时间。",
            ),
            "na",
        ),
        # a day the caller cannot remember, or a condition of theirs, asks nothing
        (("A: 犹豫期从签收第二天算。", "C: 签收是哪天我也记不得了。", "A: 回执上有日期。"), "na"),
    ],
)
def test_the_caller_asking_when_needs_a_time_in_answer(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("follow_up_time", "C: 我想问个事。", *lines, "C: 好吧。") == expected


def test_a_call_asking_first_for_information_needs_a_clear_promise() -> None:
    ask = "A: 您是考虑订套餐，想先了解一下投诉是怎么处理的，对吗？"
    describes = "A: 投诉的话由门店店长一个工作日内回访。"
    assert status("follow_up_time", "C: 投诉怎么处理？", ask, "C: 对。", describes) == "na"
    sends = "A: 报价单我这边做好，明天上午十点前发到您的邮箱。"
    assert status("follow_up_time", "C: 投诉怎么处理？", ask, "C: 对。", sends) == "pass"


def test_a_call_asking_for_information_needs_a_clear_promise() -> None:
    ask = "A: 您是想了解投诉以后多久有结果，对吗？"
    describes = "A: 一般工单是收到后三个工作日内反馈，紧急类的是二十四小时内。"
    assert status("follow_up_time", "C: 投诉一般多久有结果？", ask, "C: 对。", describes) == "na"
    promises = "A: 您这个我帮您登记了，明天下午五点前给您回电话。"
    assert status("follow_up_time", "C: 投诉多久有结果？", ask, "C: 对。", promises) == "pass"


def test_a_question_asked_besides_the_need_makes_no_inquiry_call() -> None:
    need = "C: 我爸的助听器坏了，说好周五前修还没修。另外国庆探视时间变了吗？"
    ask = "A: 您是说助听器说好周五前修好但还没修，想尽快修好；另外想了解国庆的探视时间，对吗？"
    repair = "A: 师傅这周三下午过来，周三下午五点前修好交给老人。"
    assert status("follow_up_time", need, ask, "C: 对。", repair, "C: 好吧。") == "pass"


@pytest.mark.parametrize(
    ("caller", "agent", "expected"),
    [
        ("C: 我刚买的吹风机不出热风了。", "A: 给您添麻烦了，我帮您登记换货。", "pass"),
        # a plain problem report whose fault side the words do not say: a person's call, unless
        # the agent's side fixes the fault (then the fault was the organisation's) or passes it
        # to another party (then it was brought to the organisation, which declines to own it)
        ("C: 桌子桌面有道裂缝。", "A: 您把照片发过来，我帮您登记一下。", "uncertain"),
        ("C: 桌子桌面有道裂缝。", "A: 您把照片发过来，我登记换货。", "fail"),
        ("C: 我买的奶茶杯子是裂的。", "A: 这杯我给您退了，已经原路退回。", "fail"),
        ("C: 卡刷不开了。", "A: 新系统是厂家弄的，这块我们处理不了。", "uncertain"),
        ("C: 我登不进去了，一直说密码错误。", "A: 如果您不清楚密码，可以点忘记密码。", "uncertain"),
        # the agent restating the caller's wish, or advice on upkeep, is no remedy
        ("C: 吹风机不出热风了。", "A: 您是想换一个新的，对吗？", "uncertain"),
        ("C: 灶打不着火了。", "A: 换两节电池试试，以后电池建议一年换一次。", "uncertain"),
        # symptoms, things late or gone missing are problem reports too
        ("C: 三号场那个灯一直闪。", "A: 我帮您登记一下。", "uncertain"),
        ("C: 送洗的外套袖口的扣子没了。", "A: 我让工厂找一下。", "uncertain"),
        ("C: 我找到了，已经关掉了。", "A: 好的。", "na"),
        ("C: 我想查一下投诉进度，关于外教迟到的。", "A: 我帮您查一下。", "na"),
        # an apology before the closing question (…抱歉了请问还有…) is still one
        ("C: 灯罩压碎了。", "A: 是我们包装没做好，抱歉了请问还有其他可以帮您的吗？", "pass"),
        ("C: 你们效率可真高啊，等了一个礼拜了。", "A: 我帮您查一下。", "fail"),
        ("C: 我想查询一下投诉进度。", "A: 好的，我帮您查一下。", "na"),
        ("C: 不好意思，我想问一下营业时间。", "A: 早上九点到晚上六点。", "na"),
        ("C: 我住在怨气路三号，想报装宽带。", "A: 好的，我帮您登记。", "na"),
        ("C: 我的银行卡丢了，要挂失。", "A: 好的，我帮您办理挂失。", "na"),
        # an A-not-A question asks; it reports nothing
        ("C: 这张券买家电能不能用？", "A: 可以用的。", "na"),
        ("C: 我登记的信息对不对？", "A: 都是对的。", "na"),
        # rhetorical questions, broken promises, mistakes made: complaints
        ("C: 你们是不是故意的？", "A: 没有的。", "fail"),
        ("C: 说好昨天来装，结果一直等到天黑也没人来。", "A: 我查一下。", "fail"),
        ("C: 颜色是你们做错的呀。", "A: 定制款换不了。", "fail"),
        # the caller apologising for themselves
        ("C: 对不起啊，我说话慢，耽误您时间了。", "A: 没关系，您慢慢说。", "na"),
        # sarcasm a few words long is still sarcasm
        ("C: 你们水务可真会挑时候啊，大年二十八突然停水了。", "A: 我帮您查一下。", "fail"),
        ("C: 你们的准点率真是让人佩服啊，趟趟延误。", "A: 我帮您查一下。", "fail"),
        # a question about a wait to come, or a scam the caller fears, blames nobody
        ("C: 改期的话要等很久吗？", "A: 下周就可以。", "na"),
        ("C: 我收到一条短信，我怕是骗子搞的什么名堂。", "A: 我帮您查一下。", "na"),
        ("C: 等了这么久，你们也没个说法。", "A: 我帮您查一下。", "fail"),
        # a question about a problem reports it; it is no rhetorical complaint
        ("C: 我家燃气表一直显示E3，也不知道什么意思。", "A: 您把表号报一下。", "uncertain"),
        ("C: 你们这是怎么回事？", "A: 我查一下。", "fail"),
        # sorry for keeping the caller waiting, with no hold: an apology for the delay
        ("C: 补贴到现在还没到账。", "A: 让您久等了，我明天下午五点前给您回电话。", "pass"),
        # a count of times or days whose subject is someone outside the organisation, or the
        # caller trying something themselves, blames nobody here; reaching us again does
        ("C: 我想给女儿约个儿科，她咳嗽好几天了。", "A: 周四上午有号。", "na"),
        ("C: 签证照片一直提示不清晰，我都拍了好几次了。", "A: 您把护照平放再拍。", "na"),
        ("C: 我跟老板提了好几次了，他就拖着。", "A: 这个归劳动监察大队。", "na"),
        ("C: 我申请携号转网三次了，每次都失败。", "A: 我帮您查一下。", "fail"),
        ("C: 老板说你们一直没来。", "A: 我帮您查一下。", "fail"),
        # a rhetorical question puts the blame on the organisation
        ("C: 钱在你们平台上，你们不管谁管？", "A: 我帮您查一下。", "fail"),
        # a first time is not again and again
        ("C: 我是第一次来你们医院，想问一下周六有没有门诊。", "A: 周六上午有。", "na"),
        ("C: 这是我第三次打电话了。", "A: 我帮您查一下。", "fail"),
        # the caller's own loss, slip or circumstances: nothing of ours to report
        ("C: 我钱包丢了，里面有张你们的信用卡。", "A: 我帮您挂失。", "na"),
        ("C: 地址写错了，我写成1205了，能改吗？", "A: 可以的。", "na"),
        ("C: 孩子要转学去外地了，课上不了了，能退吗？", "A: 可以退。", "na"),
        ("C: 我信用卡好像丢了，想挂失一下。", "A: 我帮您挂失。", "na"),
        # an order just placed is not late; a trip the caller wants to save is no wasted one
        ("C: 我刚下的单，还没发货，想改一下收货地址。", "A: 可以改。", "na"),
        ("C: 我就是不想白跑才打的电话。", "A: 病案室在三楼。", "na"),
        # accusations, a wait counted in days, a thing undone without asking: complaints
        ("C: 你们燃气公司是抢钱吧？这个月账单四百六！", "A: 户号报一下。", "fail"),
        ("C: 我根本没拒收，怎么就给我退了？", "A: 我帮您查一下。", "fail"),
        ("C: 前天做的空调保养，吹出来还是温温的。", "A: 我帮您查一下。", "fail"),
        # a parcel lost, money not arrived: reports of the organisation's side
        ("C: 物流显示到了网点，网点说件找不到了。", "A: 我帮您查一下。", "uncertain"),
        ("C: 材料交齐半个月了，钱还没看到。", "A: 我帮您查一下。", "uncertain"),
        # cold air or water where warm should come, a fault back again, pests, one side gone
        # silent: reports (of a thing bought here last week: ours); not a line gone quiet
        ("C: 上礼拜买的吹风机，吹出来的全是凉风。", "A: 我帮您查一下。", "fail"),
        ("C: 男浴室的热水又没了。", "A: 我帮您查一下。", "uncertain"),
        ("C: 上周拉的面粉里面有小虫子。", "A: 我帮您查一下。", "uncertain"),
        ("C: 耳机戴着戴着左边就没声了。", "A: 我帮您查一下。", "uncertain"),
        ("C: 我想问问这款吹风机有没有冷风档。", "A: 有的。", "na"),
        ("C: 喂？喂？咋没声了？", "A: 您好，请问还能听到吗？", "na"),
        # fewer in the bag than on the slip, the caller denying it was theirs to lose; one who
        # owns losing it is owed nothing
        ("C: 单子上写的三盒，袋子里就两盒，不是我们弄丢的。", "A: 我帮您查一下。", "uncertain"),
        ("C: 单子上写的三盒，袋子里就两盒，是我们自己弄丢了。", "A: 我帮您查一下。", "na"),
        ("C: 是不是我自己弄消磁了？门禁卡刷不开了。", "A: 您拿到前台重新写卡。", "na"),
        # sarcasm at a price cut days after buying; a promise nobody kept (没人通知 is no
        # notice about a schedule)
        ("C: 上礼拜全款买的，这周就降八千，我这不就是当了回冤大头吗？", "A: 您稍等。", "fail"),
        ("C: 前台说两小时出结果，现在四个小时了还没人通知我。", "A: 我帮您查一下。", "fail"),
        # a main a building site broke is nobody's here
        ("C: 路口工地好像是他们打桩把水管打破了，停水了。", "A: 抢修队已经在现场了。", "na"),
        # a caller who reached the wrong organisation is owed nothing here
        ("C: 是泰和物流吗？我有批货到现在还没到。", "A: 这里是泰和银行，您拨错号码了。", "na"),
        # the plain speech's own words: 凭啥, 啥态度, calling a third time (回), a charge
        # taken fast where the goods never came, weeks gone and still undone, what day it is
        # now, the organisation's fine service said in sarcasm
        ("C: 人都没来，你们凭啥估这么多？", "A: 户号报一下。", "fail"),
        ("C: 你们这是啥态度！", "A: 就这样。", "fail"),
        ("C: 我跟你说，这都第三回打你们电话了！", "A: 订单号报一下。", "fail"),
        ("C: 货没到，钱你们倒是扣得挺快！", "A: 订单号报一下。", "fail"),
        ("C: 都半个月了还在处理？", "A: 流程是这样的。", "fail"),
        ("C: 做完就讲一个礼拜出报告，今日都礼拜四啦。", "A: 体检号报一下。", "fail"),
        ("C: 你们的道闸把我车顶砸凹了，这服务真是一流啊。", "A: 车牌号报一下。", "fail"),
        ("C: 三千八一分不退？你们这不是霸王条款吗？", "A: 合同上写了。", "fail"),
        ("C: 那我这事到底谁负责？", "A: 反正我这边已经转了。", "fail"),
        # a count of a pet's symptom is no call again; a fault the caller's child or the years
        # brought on is owed nothing
        ("C: 狗狗昨天做的绝育，刚才又吐了，吐了两回了。", "A: 您先观察一下。", "na"),
        ("C: 我家小孩拿玩具车扔着玩，砸到屏幕上了，屏幕花了。", "A: 这个要付费维修。", "na"),
        ("C: 前年在你们这买的电水壶，盖子卡扣断了。", "A: 可以付费换个盖子。", "na"),
        ("C: 我是怕老人小孩摔着，楼道灯能不能装亮一点？", "A: 我帮您登记。", "na"),
    ],
)
def test_apology_grades_the_callers_words(caller: str, agent: str, expected: str) -> None:
    assert status("apology", caller, agent, "C: 好。") == expected


@pytest.mark.parametrize(("setting", "expected"), [("na", "na"), ("uncertain", "uncertain"),
                                                  ("fail", "fail")])  # fmt: skip
def test_a_report_left_unapologised_is_what_the_pack_says(setting: str, expected: str) -> None:
    script = book().get("appliance-service")
    pack = load_pack(script.lang)
    apology = pack.rules["apology"].model_copy(update={"unapologised_report": setting})
    lines = ("C: 吹风机不出热风了。", "A: 您把订单号发我，我帮您登记一下。", "C: 好。")
    transcript = render(call(GREETING, *lines, GOODBYE))
    with_setting = pack.model_copy(update={"rules": {**pack.rules, "apology": apology}})
    finding = check_call(transcript, script, with_setting).finding("apology")
    assert finding.status == expected
    if expected == "uncertain":
        assert "不出热风" in finding.message and "人工判断" in finding.message


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the organisation's side: its staff, a thing just bought or fixed from it, its own
        # app, a supply cut, a common area's fittings, a bill charged twice
        (("C: 你们送来的桌子桌面有道裂缝。", "A: 您把照片发过来，我帮您登记一下。"), "fail"),
        (("C: 刚装了不到一个月，净水器出水有股塑料味。", "A: 我帮您登记一下。"), "fail"),
        (("C: 我在你们那修了主板，拿回来以后充不进电了。", "A: 您把单号报一下。"), "fail"),
        (("C: 你们的快递员每次都不送上楼。", "A: 我帮您反馈一下。"), "fail"),
        (("C: 家长端App的课表显示不出来，一直白屏。", "A: 您升级一下试试。"), "fail"),
        (("C: 我们楼从中午开始就没电了。", "A: 我帮您报修。"), "fail"),
        # ... not a building without a lift (没电梯)
        (("C: 钢琴从四楼搬下来，没电梯，多少钱？", "A: 大概八百。"), "na"),
        # a promise long past (现在都四月了), a promise broken (说好有接送的), a fault back again
        (("C: 说是年底就发，现在都四月了。", "A: 我帮您问问。"), "fail"),
        (("C: 报名的时候说好有接送的。", "A: 线路是公司定的。"), "fail"),
        (("C: 上个月你们才通过，又堵了。", "A: 师傅有空了过去。"), "fail"),
        (("C: 刚换的刹车片就吱吱叫，你们这活儿咋干的？", "A: 您开过来吧。"), "fail"),
        # ... not a question how a thing is done (是怎么弄的), nor what the caller did to it
        (("C: 银行代扣是怎么弄的？", "A: 到营业厅签个协议。"), "na"),
        (("C: 老头子自己把插头拔了，现在灯不亮了。", "A: 我们派人来激活。"), "na"),
        # the agent finding the warehouse's error (仓库拿成了英文版)
        (("C: 我买的绘本收到了。", "A: 看到了，仓库拣货的时候拿成了英文版，今天给您补发。"),
         "fail"),
        (("C: 楼道灯都不亮了。", "A: 我帮您登记。"), "fail"),
        (("C: 前天收到的书桌，桌面有一道裂缝。", "A: 您把照片发过来。"), "fail"),
        (("C: 上礼拜装的空调，今天底下漏水了。", "A: 您开过来看看吧。"), "fail"),
        (("C: 你们那个姓周的业务员把合同填错了。", "A: 我登记一下。"), "fail"),
        # the caller's own doing, an outside cause, or nothing wrong at all
        (("C: 我手机银行登不上去了，密码输错了几次。", "A: 您点忘记密码重置一下。"), "na"),
        (("C: 卡刷不了，可能是我孙子帮我按错了。", "A: 您带身份证去网点解开。"), "na"),
        (("C: 我换了个新手机，一直收不到验证码。", "A: 您看一下是不是被拦截了。"), "na"),
        (("C: 卫生间顶上在滴水，应该是楼上漏的。", "A: 我们帮您联系楼上。"), "na"),
        # ... 楼上 as a place is no one (我在楼上亲眼看见的)
        (("C: 你们快递员把箱子扔下来，我在楼上看见的，显示器坏了。", "A: 单号多少？"), "fail"),
        (("C: 我的国际包裹被海关扣了。", "A: 资料已经提交海关了。"), "na"),
        (("C: 我刷牙老是出血，想问问要不要紧。", "A: 建议您来做个检查。"), "na"),
        (("C: 燃气灶打不着火了。", "A: 您换两节电池试试。", "C: 换好了，哎着了着了。"), "na"),
        (("C: 我想问一下消费投诉是打你们这个电话吗，买的东西有质量问题。", "A: 可以的。"),
         "na"),
        # the caller not knowing where they put something
        (("C: 保单搬家的时候不知道塞哪儿去了，丢了。", "A: 电子保单在APP里能下载。"), "na"),
        # ... said by the agent in its own words (not restating the caller's)
        (("C: 我手机打不出电话了。", "A: 您的号码欠费了，余额不足所以停机了。"), "na"),
        (("C: 中午寄的件APP上查不到。", "A: 晚上集包扫描了才有记录，现在看不到是正常的。"),
         "na"),
        (("C: 欠费停电以后交了电费，到现在还没有恢复供电。",
          "A: 您是说欠费停电以后交了电费，还没有恢复对吗？"), "fail"),
        # the agent passing the trouble on to another unit or party, or back to the caller, says
        # nothing of whose fault it is
        (("C: 光伏逆变器上有个灯一直闪红色。", "A: 逆变器是厂家负责的，您问问厂家吧。"),
         "uncertain"),
        (("C: 我网上交了挂号费，号没挂上，钱也没退。", "A: 退费是财务的事，不归我们管。"),
         "uncertain"),
        (("C: 抽油烟机开关面板按不动了。", "A: 配件停产了，您自己想办法吧。"), "uncertain"),
        (("C: 检票的时候闸机不认我的身份证，不知道是怎么回事。", "A: 这个我们这边没办法帮您查。"),
         "uncertain"),
        # the agent's own explanation placing the cause on the organisation's side
        (("C: 第五章的视频打不开了。", "A: 可能是这一章的视频文件有问题。"), "fail"),
        (("C: 这周水龙头出水很小，热水器打不着火。", "A: 您那个片区在做管网改造。"), "fail"),
        # ... not on the caller's own things
        (("C: 第五章的视频打不开了。", "A: 那可能是您家网络有问题，您换个网络试试。"), "uncertain"),
        # ... but a thing bought years ago wears out: no fault of the organisation's making
        (("C: 五年前买的电视柜，柜门铰链坏了。", "A: 那款早停产了，我这儿管不了。"), "na"),
        # a remedy owns a damaged thing; for something the caller could not do it may be the
        # service asked for (点不了 … 退款 is the return itself): a person judges
        (("C: 你们寄来的杯子碎了。", "A: 我们给您补发一个。"), "fail"),
        (("C: 我在APP上点不了退货。", "A: 我在后台帮您提交退货，退款原路退回。"), "uncertain"),
        # 我自己 as what the caller is left to do is no fault of theirs
        (("C: 你们送来的桌子有道裂缝。", "A: 这个我们不管。", "C: 行，我自己弄吧。"), "fail"),
    ],
)  # fmt: skip
def test_a_report_is_decided_by_whose_fault_it_is(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", *lines, "C: 好。") == expected


def test_the_caller_placing_the_cause_outside_once_told_it_owes_no_sure_fail() -> None:
    report = "C: 我用手机银行给燃气卡充了两百，钱扣了，插卡一看没到账。"
    told = "A: 是您那家银行的代收记录还没推过来，明天早上您再插一下卡就能到。"
    assert status("apology", report, told, "C: 哦是银行那边慢了啊。") == "na"
    # ... a complaint too: whether it still wanted an apology, a person judges
    sarcasm = "C: 你们速度可真快啊，一个礼拜了物流都没有。"
    seller = "A: 卖家到今天都还没有把包裹交给我们，所以没有物流。"
    assert status("apology", sarcasm, seller, "C: 啊是商家没发啊。") == "uncertain"
    # ... not once the caller names the organisation as the cause
    assert status("apology", sarcasm, seller, "C: 啊是你们没收到啊，那怎么办。") == "fail"
    assert status("apology", sarcasm, seller, "C: 哦是这样啊，没想到这么慢。") == "fail"


def test_a_count_of_the_callers_own_tries_is_no_complaint() -> None:
    # 刷了好几次: the caller trying again, with the cause found on their side (not activated)
    tries = "C: 我的门禁卡刷不开单元门，刷了好几次都是红灯。"
    told = "A: 新住户的门禁卡还没有激活，您在小程序上传一下房产证明就能激活。"
    assert status("apology", tries, told, "C: 那我现在就弄。") == "na"
    # ... not the caller reaching the organisation again and again
    again = "C: 我的门禁卡刷不开单元门，打了好几次电话都没人管。"
    assert status("apology", again, told, "C: 那我现在就弄。") == "fail"


def test_the_agent_acknowledging_distress_shows_a_complaint_was_made() -> None:
    # however mildly the caller put it, 我理解您的感受 answers a grievance: an apology was owed
    mild = "C: 我想说个事，教练练车的时候老在车里抽烟，我闻着挺难受的。"
    assert status("apology", mild, "A: 我理解您的感受，我们会跟教练沟通。", "C: 好。") == "fail"
    sorry = "A: 我理解您的感受，真是抱歉，我们会跟教练沟通。"
    assert status("apology", mild, sorry, "C: 好。") == "pass"
    # calming an anxious caller, or understanding a need, is no such answer
    lost = "C: 我想约个体检，下周哪天都行。"
    assert status("apology", lost, "A: 您别着急，理解您的需求，周三有号。", "C: 好。") == "na"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        # only an apology that may open a polite question is excused by 请问 after it
        ("A: 给您带来不便了，请问您的订单号是？", "pass"),
        ("A: 不好意思请问您的订单号是？", "fail"),
        ("A: 非常抱歉请问您的订单号是？", "fail"),
        # 抱歉 misheard whole keeps its intensifier's characters (非常暴潜)
        ("A: 非常暴潜，我查一下。", "pass"),
        # a character only an apology has, heard alone (很歉: 抱 misheard): maybe said
        ("A: 真的很歉，我查一下。", "uncertain"),
        # an apology in other words: owning up to it, feeling bad about it
        ("A: 是我们系统的问题，在这儿给您赔个不是。", "pass"),
        ("A: 真是过意不去，我给您补一份。", "pass"),
        ("A: 这事确实是我们没做好，向您道歉。", "pass"),
    ],
)
def test_an_apology_heard_in_part_or_before_a_question(agent: str, expected: str) -> None:
    assert status("apology", "C: 你们这是怎么回事？", agent, "C: 好。") == expected


def test_what_cannot_be_done_said_back_by_the_caller_reports_nothing() -> None:
    ask = "C: 这张卡年费能退给我吗？"
    refused = "A: 年费已经收了就退不了。"
    assert status("apology", ask, refused, "C: 一点都退不了吗？", "A: 退不了的。") == "na"
    # the same words as the caller's own first report are one
    assert status("apology", "C: 年费退不了，你们怎么搞的？", "A: 我查一下。") == "fail"


def test_a_question_whether_something_is_done_yet_is_no_complaint() -> None:
    ask = "C: 收货地址想改成家里的，还没发货吧？"
    assert status("apology", ask, "A: 还没发货，可以改。", "C: 好。") == "na"
    # ... or one hoping it is not yet done, so it can still be changed
    hope = "C: 颜色选成白色了，还没发货，能不能改？"
    assert status("apology", hope, "A: 还没出库，可以改。", "C: 好。") == "na"
    assert status("apology", "C: 怎么还没发货啊？", "A: 我查一下。", "C: 好。") == "fail"


def test_asking_what_a_term_means_is_no_complaint() -> None:
    term = "C: 电费单上有一项功率因数调整电费，这是什么意思？"
    assert status("apology", term, "A: 这是按用电功率收的。", "C: 好。") == "na"
    assert status("apology", "C: 你们这是什么意思？", "A: 我查一下。", "C: 好。") == "fail"
    # the caller's own change of mind (现在不想去了) is no "still not"
    plan = "C: 我订的特价房，现在不想去了，能退吗？"
    assert status("apology", plan, "A: 特价房退不了，可以改期。", "C: 好。") == "na"


def test_an_agent_owning_an_error_calls_for_the_apology_itself() -> None:
    ask = "C: 账单上同一笔加油消费出现了两次。"
    owned = "A: 是我们系统入账的时候重复记了一笔，我已经帮您提交了调账。"
    assert status("apology", ask, owned, "C: 好。") == "fail"
    assert status("apology", ask, owned.replace("，我", "，非常抱歉，我"), "C: 好。") == "pass"
    # a denial owns nothing
    denied = "A: 我们系统不会重复记的，商户请款了两次。"
    assert status("apology", ask, denied, "C: 好。") != "fail"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # an apology for the agent's own turn in the talk (interrupting, misunderstanding,
        # missing what the caller said, a pause spent looking up) answers nothing
        (("C: 我想查工资卡入账，卡号是6222 0319。", "A: 不好意思打断您，卡号报后四位就可以。"),
         "na"),
        (("C: 我想换个上课时间。", "A: 不好意思，我理解错了，您是想换到周日，对吗？"), "na"),
        (("C: 还有召回的油泵检查，一起做。", "A: 不好意思，我漏了，那就是一起做，对吗？"), "na"),
        (("C: 喂？还在吗？", "A: 在的，不好意思，刚才在看排班，周六有门诊。"), "na"),
        # ... misheard too (里解 for 理解)
        (("C: 我想换个上课时间。", "A: 不好意思，我里解错了，您是想换到周日，对吗？"), "na"),
        # ... and it is no apology for a complaint
        (("C: 你们这是怎么回事？", "A: 不好意思打断您，您先报一下订单号。"), "fail"),
        # ... nor is one asking the caller to slow down or for a detail, or for a bad line
        (("C: 你们这是怎么回事？又坏了！", "A: 不好意思，您说慢一点，我记一下。"), "fail"),
        (("C: 你们这是怎么回事？又坏了！", "A: 不好意思，麻烦您报一下卡号后四位。"), "fail"),
        (("C: 你们这是怎么回事？又坏了！", "A: 不好意思，刚才信号不太好，您在哪个站？"), "fail"),
        # an apology for a fault, or for the trouble it gave, still is one (a request after it
        # too)
        (("C: 你们这是怎么回事？", "A: 不好意思，是我们发错了。"), "pass"),
        (("C: 你们这是怎么回事？又坏了！", "A: 不好意思，麻烦您跑一趟了，我马上派人。"), "pass"),
        (("C: 你们这是怎么回事？又坏了！", "A: 非常抱歉，麻烦您报一下订单号。"), "pass"),
    ],
)  # fmt: skip
def test_an_apology_for_the_agents_own_turn_in_the_talk_answers_nothing(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("apology", *lines, "C: 好。") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # sarcasm praising 你们 with 可真/真是/真, whatever the praise and wherever the clause ends
        (("C: 你们可真厉害，一个礼拜停三次电。", "A: 我帮您查一下。"), "fail"),
        (("C: 你们物业真是尽职尽责啊，车库的灯坏了半个月。", "A: 我登记一下。"), "fail"),
        (("C: 你们这个优惠券真好用啊，付款的时候就说失效了。", "A: 我反馈一下。"), "fail"),
        # thanks are not sarcasm
        (("C: 好好，谢谢你们，真是麻烦了。", "A: 不客气。"), "na"),
        (("C: 好的好的，麻烦你们了，真过意不去。", "A: 不客气。"), "na"),
        # a scammer named is someone outside the organisation
        (("C: 我按他说的转了五千块过去，现在想想可能是骗子。", "A: 请您马上报警。"), "na"),
        # a card (的卡在) is not a thing stuck (卡在)
        (("C: 短信说我的卡在境外网站消费了两千多。", "A: 我帮您冻结。"), "na"),
        # symptoms as classes: a thing unusable, food gone off, a pipe leaking, an app crashing
        (("C: 你们送来的炒饭是馊的，根本没法吃。", "A: 您把订单号报一下。"), "fail"),
        (("C: 楼道里的公共排水管漏了。", "A: 师傅半小时内到。"), "fail"),
        (("C: 软件一打开就闪退。", "A: 您重装一下试试。"), "uncertain"),
        # a thing that will not lift or respond, the wrong goods sent, a payment left out by us
        (("C: 我上个月在你们那买的拖拉机，液压往上抬不起来了。", "A: 明天上午师傅上门给您免费修。"),
         "fail"),
        (("C: 遥控器才换了一个多月，按啥都不灵了。", "A: 还在保修期里，给您免费换一个。"), "fail"),
        (("C: 我在你们那儿买的紫薯，给我寄来的是红薯。", "A: 订单号报一下。"), "fail"),
        (("C: 这个月的养老金到今天还没打到卡上。",
          "A: 是批量发放的时候把您这一户漏了，我报给待遇科。"), "fail"),
        # the agent's manner complained of
        (("C: 你这闺女说话咋这么冲呢。", "A: 你去乡政府民政办问。"), "fail"),
        # a body part, a time not yet come, a forgotten password, a fear, a question: none
        (("C: 衣服肩膀太紧，胳膊抬不起来，想换个大一号的。", "A: 可以换，您寄回来。"), "na"),
        (("C: 哦，那就是还没到时候呗。", "A: 对，到时候会自动打到卡上。"), "na"),
        (("C: 存折的密码想不起来了，试了两回都不对。", "A: 您带身份证到网点重置。"), "na"),
        (("C: 我怕我爹欠费停电了他也不知道，帮他查查余额。", "A: 余额还有十二块。"), "na"),
        (("C: 点播一点就提示未订购，是不是坏了？", "A: 没坏，您的套餐里没有这部剧。"), "na"),
        # an apology word inside a shop's name apologises for nothing
        (("C: 送来的一箱酱油碎了两瓶。", "A: 地址是镇东街不好意思烧烤店旁边那家，对吗？"),
         "uncertain"),
    ],
)  # fmt: skip
def test_complaints_by_class(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", *lines, "C: 好。") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the agent finding the cause in the caller's own account or plan, or in a charge
        # another party made
        (("C: 手机上开通网银老是失败。", "A: 您这张卡预留的手机号还是以前的旧号码，收不到短信。"),
         "na"),
        (("C: 我这个月账上扣了两笔。", "A: 两笔都是商户发起的，我帮您发起差错查询。"), "na"),
        (("C: 你们的免费版导出按钮点不了。", "A: PDF导出是专业版的功能，您可以先导出Excel。"),
         "na"),
        (("C: 我们公司换了新的防火墙，你们软件就连不上服务器了。", "A: 您让网管放开端口。"),
         "na"),
        # a remedy refused owns no fault; one given does
        (("C: 寄的花瓶到了以后碎了。", "A: 这个赔不了。"), "uncertain"),
        (("C: 寄的花瓶到了以后碎了。", "A: 这个我们给您赔。"), "fail"),
    ],
)  # fmt: skip
def test_whose_fault_the_agent_finds(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", *lines, "C: 好。") == expected


def test_a_hotline_relaying_citizens_reports_owes_no_apology_for_other_bodies() -> None:
    hotline = book().get("appliance-service").model_copy(update={"name": "12345政务服务便民热线"})

    def relayed(*lines: str) -> str:
        transcript = render(call(GREETING, *lines, "C: 好。", GOODBYE))
        return check_call(transcript, hotline).finding("apology").status

    lamp = "C: 你们可真行啊，村口的路灯坏了两个月了，老人摔了好几次。"
    relay = "A: 我给您登记，转给市政所处理。"
    assert relayed(lamp, relay) == "na"
    assert relayed(lamp, "A: 给您添麻烦了，我给您登记。") == "pass"
    # the hotline owning an error of its own still owes one, and so does a complaint of the
    # hotline itself; not one about a shop next door
    assert relayed(lamp, "A: 是我们这边搞错了，没转下去，我马上转。") == "fail"
    assert relayed("C: 回回都说转办，你们这就是踢皮球！", relay) == "fail"
    assert relayed("C: 你们投诉电话是这个吗？我要投诉隔壁超市的秤不准。", relay) == "na"
    # an organisation that owns the lamps does
    assert status("apology", lamp, relay, "C: 好。") == "fail"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        # a noun's meaning asked (保障金是怎么回事) is no complaint; 这是怎么回事 is
        ("C: 我朋友说你们有个投诉保障金，是怎么回事啊？", "na"),
        ("C: 肠化是什么意思？", "na"),
        ("C: 你们这是怎么回事？", "fail"),
        # 气死 inside a shop's name is no feeling
        ("C: 我在气死你烧烤吃饭，想问一下额度能不能提。", "na"),
        ("C: 真是气死我了，又坏了。", "fail"),
        # what the caller thinks of the service or the agent's tone is a complaint
        ("C: 你们这什么服务啊？骑手找不着还让我自己打？", "fail"),
        ("C: 你这什么语气啊。", "fail"),
        # an inquiry about an earlier complaint is none
        ("C: 我想看看我之前那个投诉，就是门店乱收费那个，处理到哪一步了。", "na"),
        # trouble only feared, or denied once told the cause, or a delivery not yet due
        ("C: 我想买你们那款锁，还有就是我怕装完了出问题你们不管。", "na"),
        ("C: 哦，原来是这样，那就不是表有问题。", "na"),
        ("C: 你们是不是电表有问题啊？", "uncertain"),
        ("C: 我买了你们一台空调，还没到货，想先问问安装怎么约。", "na"),
        ("C: 我出了个事故，现在不知道该怎么弄。", "na"),
    ],
)
def test_questions_names_and_inquiries_are_no_complaints(caller: str, expected: str) -> None:
    assert status("apology", caller, "A: 我帮您查一下。", "C: 好。") == expected


def test_sorry_for_the_wait_answers_a_complaint_unless_the_agent_put_the_caller_on_hold() -> None:
    complaint = "C: 你们效率真高啊，三天了电话都打不通。"
    assert status("apology", complaint, "A: 实在对不起，让您久等了。", "C: 嗯。") == "pass"
    held = ("A: 我查一下，请您稍等一下好吗？", "C: 好。", "A: 让您久等了，查到了。")
    assert status("apology", complaint, *held, "C: 嗯。") == "fail"
    held = ("A: 我查一下，请您稍等一下好吗？", "C: 好。", "A: 不好意思让您等了这么久，查到了。")
    assert status("apology", complaint, *held, "C: 嗯。") == "fail"
    # the hold or the wait misheard (稍灯, 究等) still makes it thanks for the hold
    misheard = ("A: 我查一下，请您稍灯一下好吗？", "C: 好。", "A: 不好意思让您究等了，查到了。")
    assert status("apology", complaint, *misheard, "C: 嗯。") == "fail"
    # a sorry that only asks for the hold (不好意思您稍等一下) is for the hold too
    asks = ("A: 不好意思，您稍等一下，我调一下明细。", "C: 好。", "A: 查到了，是录错了。")
    assert status("apology", complaint, *asks, "C: 嗯。") == "fail"
    owned = ("A: 实在抱歉，您稍等一下，我调一下明细。", "C: 好。", "A: 查到了，是录错了。")
    assert status("apology", complaint, *owned, "C: 嗯。") == "pass"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 这个我不大清楚。", "fail"),
        ("A: 这个我们也没什么办法。", "fail"),
        ("A: 这个不归我们这边管。", "fail"),
        ("A: 这款换不了。", "fail"),
        ("A: 不行。", "fail"),
        ("A: 您不知道这张卡为什么被锁，对吧？我帮您查。", "pass"),  # the caller is the subject
        ("A: 不知道您现在方便接听吗？", "pass"),  # a polite question
        ("A: 如果您不清楚，可以看说明书第三页。", "pass"),  # a conditional
        ("A: 您是说您也不清楚是谁签收的，对吗？", "pass"),  # a restatement
        ("A: 页面看不到的话，您可以刷新一下。", "pass"),  # a lookalike
        ("A: 这款买不到的话可以预订。", "pass"),
        # adverbs and nouns inside; V不了 with the agent as subject
        ("A: 这个不归我们这边客服管。", "fail"),
        ("A: 这个功能我们这边加不了。", "fail"),
        ("A: 这不是我们航空公司的问题。", "fail"),
        ("A: 这块儿我们也没辙。", "fail"),
        ("A: 您找别家吧。", "fail"),
        # a no with an alternative explains; a reassurance refuses nothing
        ("A: 这个不行，不过可以给您换一个同款。", "pass"),
        ("A: 您先别紧张，钱不可能丢的。", "pass"),
        ("A: 这事儿用不了多久。", "pass"),
        # a bad line heard badly: the agent cannot hear, and says so
        ("A: 您的声音断断续续的，我这边听不太清楚，麻烦您再说一遍好吗？", "pass"),
        ("A: 信号不太好，我听不清楚。", "pass"),
    ],
)
def test_banned_phrase_is_the_agents_own_refusal(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a thing that cannot be done, with the reason and what the caller can do instead
        ("A: 合约期内是办不了的，您可以先到营业厅解除合约。", "pass"),
        ("A: 这个套餐已经办不了了，目前有一个二十九元的，您看需要吗？", "pass"),
        ("A: 退费我们这里办不了，您去找课程顾问。", "fail"),  # the agent's side refusing
        ("A: 师傅那边我们也催不动。", "fail"),
        # adverbs inside, and brush-offs that name no listed phrase
        ("A: 电梯维保严格来说不太归我们物业管。", "fail"),
        ("A: 这个我这边也说不大准。", "fail"),
        ("A: 邻居之间的事你们自己商量。", "fail"),
        ("A: 二次供水是物业管的，您问问物业吧。", "fail"),
        ("A: 嫌贵您就去别家买呗。", "fail"),
        ("A: 大家都在排，你爱等不等。", "fail"),
        ("A: 还有事吗？没事挂了。", "fail"),
        ("A: 合同签了就是这样。", "fail"),
        ("A: 收费是对的，这个我这边也没什么可操作的。", "fail"),
        ("A: 是的，系统就是这样设定的。", "fail"),
        ("A: 那您看着办吧。", "fail"),
        ("A: 这是您使用不当造成的，跟安装没关系。", "fail"),
        # the consequence of a condition set up earlier informs
        ("A: 如果超过一百六十瓦时的充电宝就不行了。", "pass"),
    ],
)
def test_refusals_in_any_wording_and_inabilities_explained(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the caller's fault named, whatever the fault: the caller as subject excuses no blame
        ("A: 这是您自己没看清楚，说明书上写着呢。", "fail"),
        ("A: 那肯定是您没关好门。", "fail"),
        ("A: 一般都是您使用不当造成的。", "fail"),
        ("A: 这是您自己的问题。", "fail"),
        # rhetorical reproach and hindsight
        ("A: 不是跟您说过了吗，要带身份证。", "fail"),
        ("A: 你们怎么就是不听呢？", "fail"),
        ("A: 您自己不会看一下说明书吗？", "fail"),
        ("A: 早干嘛去了？", "fail"),
        ("A: 您当时为什么不当面检查？", "fail"),
        ("A: 您在网上一查不就知道了吗？", "fail"),
        ("A: 是您理解错了。", "fail"),
        ("A: 说明书上都写着呢。", "fail"),
        ("A: 您这个要求太过分了。", "fail"),
        ("A: 骑手已经走了，这种情况您只能自认倒霉了。", "fail"),
        # the same words that clear the caller, ask, or set a condition blame nobody
        ("A: 这不是您的问题，是我们系统出错了，我马上帮您处理。", "pass"),
        ("A: 不是您自己的问题，我们给您换一台。", "pass"),
        ("A: 是不是您没插好电源？您看一下插头。", "pass"),
        ("A: 如果是您输错了密码，可以点忘记密码重置。", "pass"),
        ("A: 验证码您自己填就行，不用告诉我。", "pass"),
        ("A: 收货的时候应该当面检查一下，有破损可以拒收。", "pass"),
        ("A: 您不看看我们新出的套餐吗？", "pass"),
    ],
)
def test_banned_phrase_blaming_or_lecturing_the_caller(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    "line", ["A: 那肯定是您梅关好门。", "A: 早干麻去了？", "A: 你们怎么就是不厅呢？"]
)
def test_blame_heard_only_by_sound_is_uncertain(line: str) -> None:
    # 梅 for 没, 麻 for 嘛, 厅 for 听: a person must listen before the agent is failed.
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == "uncertain"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # counting how often it was said, telling the caller to stop or that it is no use
        ("A: 我都跟您说了多少遍了，没有这个套餐。", "fail"),
        ("A: 这个我已经讲了三遍了。", "fail"),
        ("A: 我已经跟您说过了，明天才能到。", "fail"),
        ("A: 您急也没用，就得排队。", "fail"),
        ("A: 您先听我说完。", "fail"),
        ("A: 你投诉也没用。", "fail"),
        ("A: 你问我，我问谁？", "fail"),
        ("A: 跟我说有什么用？", "fail"),
        ("A: 不要就算了。", "fail"),
        # saying a thing once more, or pointing back to it, is patience
        ("A: 我再给您说一遍地址：幸福路三号。", "pass"),
        ("A: 我刚才跟您说的三个工作日内会有结果。", "pass"),
        ("A: 您是说您早就跟他们说过了，对吗？", "pass"),
        ("A: 您别着急，我马上帮您查。", "pass"),
        ("A: 我再确认最后一项信息。", "pass"),
        ("A: 您不要的话我们就取消订单，可以吗？", "pass"),
        ("A: 不好意思，我们太忙了，让您久等了，我马上给您处理。", "pass"),
    ],
)
def test_banned_phrase_impatience(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # sent elsewhere with no way to reach them
        (["A: 你去问别人吧。"], "fail"),
        (["A: 这个您去找商家吧。"], "fail"),
        (["A: 你自己跟快递员商量。"], "fail"),
        # a number, a transfer or an offer makes it a referral
        (["A: 您去找商家吧，商家电话是四零零八八八。"], "pass"),
        (["A: 您去找一二三一五吧。"], "pass"),
        (["A: 这个您去找商家吧。", "C: 怎么找？", "A: 商家热线是四零零八八八。"], "pass"),
        (["A: 这个需要找商家，我帮您转接，您稍等。"], "pass"),
        (["A: 这个得问银行。"], "fail"),
        (["A: 这个要问一下师傅，我帮您联系，今天下午回复您。"], "pass"),
        (["A: 师傅上门的时候您跟他说一下就行。"], "pass"),
        # looking for a thing is no referral
        (["A: 您先找一下抽屉吧。"], "pass"),
        (["A: 您再找找吧。"], "pass"),
    ],
)
def test_banned_phrase_referral_with_no_channel(lines: list[str], expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", *lines, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the agent's side unable or unwilling, in words no list held, with nothing instead
        ("A: 这个我们真的没多大办法。", "fail"),
        ("A: 一点办法都没有。", "fail"),
        ("A: 这个赔不了。", "fail"),
        ("A: 我们公司不接受这种退货。", "fail"),
        ("A: 寄不了就是寄不了。", "fail"),
        ("A: 那就只能这样了。", "fail"),
        ("A: 我们没有这个义务。", "fail"),
        ("A: 我没有这个权限。", "fail"),
        ("A: 我就是个接电话的，关我什么事。", "fail"),
        ("A: 这个损失只能您自己承担了。", "fail"),
        ("A: 我们也是按规定办事。", "fail"),
        ("A: 这事不好办。", "fail"),
        # with an alternative, or a thing the agent's side does not charge or ask
        ("A: 这个赔不了，不过可以给您免费维修。", "pass"),
        ("A: 我们不收取任何费用。", "pass"),
        ("A: 我们不会向您索要密码。", "pass"),
        ("A: 这个不在我的权限内，我帮您转给主管，今天下午三点前回复您。", "pass"),
        ("A: 我们按规定给您全额退款，三个工作日内到账。", "pass"),
        # where it can be done is a way on; asking for understanding is none
        ("A: 我们这边不处理个人信息变更，需要您本人带身份证到营业厅办理。", "pass"),
        ("A: 这个退不了，请您理解。", "fail"),
        # not finding a record is no refusal when the agent goes to ask; leaving it there is
        ("A: 发票我这边查不到寄送信息，我问一下财务那边再跟您说。", "pass"),
        ("A: 我这边查不到。", "fail"),
    ],
)
def test_banned_phrase_inability_of_the_agents_side(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


def test_a_name_the_caller_gave_is_no_refusal() -> None:
    caller = "C: 我家狗叫没办法，上午在你们那做了体检。"
    assert status("banned_phrase", caller, "A: 没办法的体检结果都正常。", "C: 好。") == "pass"
    assert status("banned_phrase", "C: 我家狗体检了。", "A: 这个我也没办法。", "C: 好。") == "fail"


def test_a_refusal_heard_only_by_sound_is_uncertain_never_fail() -> None:
    # 不知到 is 不知道 misheard: it may be a refusal, but only a person can tell.
    assert status("banned_phrase", "C: 我想问个事。", "A: 这个我不知到。", "C: 好。") == "uncertain"


@pytest.mark.parametrize(
    "line",
    [
        "A: 交房以后办不动产权证还是在我们中心。",  # 不动产 is a word, not 办不动
        "A: 找不到的话再走理赔流程。",  # a bare opening that is a conditional
        "A: 现在查不到是正常的，下午才开始更新。",  # a state explained as normal
        "A: 约不到想要的时段的话，您下次约工作日。",  # a conditional with a long object
    ],
)
def test_words_like_a_refusal_that_refuse_nothing(line: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == "pass"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the excuse itself misheard: a polite question, a conditional, still no refusal
        ("A: 捕知道您方便记一下吗？", "pass"),
        ("A: 不知到新日期是哪天？", "pass"),
        ("A: 订单查不到的化，您把单号再报一遍。", "pass"),
        # a one-syllable excuse is not looked for by sound: 店里也 is no 你也
        ("A: 这个问题我们店里也搞不定。", "fail"),
    ],
)
def test_an_excuse_is_heard_by_sound_too(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


def test_a_name_is_recognised_by_sound_on_either_side() -> None:
    caller = "C: 我玩了三年的号，昵称一直叫我也没办法，今天被改了。"
    agent = "A: 今晚十二点之前会给您改回我也没般法。"
    assert status("banned_phrase", caller, agent, "C: 好。") == "pass"


def test_a_sound_alike_must_keep_some_of_the_phrases_own_characters() -> None:
    assert keeps_own("致歉", "之歉") and not keeps_own("致歉", "之前")
    assert HOMOPHONE < 1.0
    # 之前 sounds like 致歉 but shares no character: no apology was heard.
    assert (
        status("apology", "C: 你们送的货怎么回事啊？", "A: 之前的单子我看一下。", "C: 嗯。")
        == "fail"
    )


def test_a_restatement_whose_question_is_misheard_is_uncertain_not_fail() -> None:
    need = "C: 我的洗衣机不脱水了，想找人来修。"
    asked = "A: 您是说洗衣机不脱水了，想找师傅上门修，对吗？"
    misheard = "A: 您是说洗衣机不脱水了，想找师傅上门修，兑马？"
    told = "A: 洗衣机不脱水了，师傅上门修。"
    assert status("confirm_need", need, asked, "C: 对。") == "pass"
    assert status("confirm_need", need, misheard, "C: 对。") == "uncertain"
    assert status("confirm_need", need, told, "C: 对。") == "fail"


def test_repeating_back_an_answer_the_agent_asked_for_confirms_no_need() -> None:
    need = "C: 我的快递想改个地址。"
    ask = "A: 新地址是哪里呢？"
    answer = "C: 海淀区学院路十二号院三号楼。"
    echo = "A: 海淀区学院路十二号院三号楼，对吗？"
    assert status("confirm_need", need, ask, answer, echo, "C: 对。") == "fail"


def test_a_sensitive_word_heard_only_by_sound_is_uncertain() -> None:
    assert status("privacy", "C: 我要查账。", "A: 麻烦您报一下银行卡号。", "C: 好。") == "fail"
    assert status("privacy", "C: 我要查账。", "A: 麻烦您报一下银行喀号。", "C: 好。") == "uncertain"
    assert status("privacy", "C: 我要挂号。", "A: 麻烦您说一下就诊卡号。", "C: 好。") == "pass"


def test_saying_why_the_caller_waits_answers_the_hold_like_asking() -> None:
    hold = ("A: 我帮您查一下，请您稍等。", "C: 嗯。", "A: 感谢您的耐心等待，查到了。")
    assert status("hold_etiquette", "C: 帮我查个单。", *hold) == "pass"
    # A blunt hold is a hold: never passed, never taken for no hold at all.
    blunt = ("A: 等着。", "C: 嗯。", "A: 查到了。")
    assert status("hold_etiquette", "C: 帮我查个单。", *blunt) in ("fail", "uncertain")


def test_a_process_described_to_a_caller_who_asked_how_it_goes_is_information() -> None:
    asks = "C: 我想问问，你们投诉一般多久能处理完？"
    describes = "A: 投诉受理以后，我们会在十个工作日内给出答复。"
    assert status("follow_up_time", asks, describes, "C: 好的。") == "na"
    promises = "A: 您这个投诉我帮您登记了，我们会在十个工作日内给您答复。"
    assert status("follow_up_time", "C: 我要投诉。", promises, "C: 好的。") == "pass"


def test_vague_words_a_time_directly_governs_are_timed() -> None:
    # 会有人联系您 right after the time says when: a described process, not "some time"
    asks = ("C: 我想问一下投诉黑车要打哪个电话？", "A: 您是想了解投诉黑车的渠道，对吗？", "C: 对。")
    told = "A: 您可以拨打监督电话，那边受理后五个工作日内会有人联系您。"
    assert status("follow_up_time", *asks, told, "C: 好的我记一下。") == "na"
    # ... and the same words with no time before them are still left pending
    vague = "A: 您可以拨打监督电话，那边受理后会有人联系您。"
    assert status("follow_up_time", "C: 我要投诉黑车。", vague, "C: 好的。") == "fail"


def test_a_wait_said_as_what_a_thing_depends_on_is_information() -> None:
    asks = ("C: 我下午寄的件怎么查不到物流？", "A: 您是想了解物流什么时候能查到，对吗？", "C: 对。")
    told = "A: 刚揽收的件要等网点发车后才更新，您晚上再刷新一下就有了。"
    assert status("follow_up_time", *asks, told, "C: 哦明白了。") == "na"
    # ... while a wait for a step someone must still take leaves it open
    pending = "A: 赔偿的事要等领导定了再说。"
    assert status("follow_up_time", "C: 箱子摔坏了谁赔？", pending, "C: 好吧。") == "fail"


def test_a_caller_who_withdraws_the_call_leaves_no_need_to_confirm() -> None:
    assert status("confirm_need", "C: 不好意思，我按错了，我是想打急诊的。", "A: 没关系。") == "na"
    assert status("confirm_need", "C: 哦没事了，外卖已经到了。", "A: 好的。") == "na"
    assert status("confirm_need", "C: 我的洗衣机不排水了。", "A: 好的。") == "fail"


def test_a_short_wrong_number_phrase_counts_only_in_its_own_characters() -> None:
    # 发错了 sounds like 打错了: the agent admitting a wrong colour is no wrong number
    restated = "A: 非常抱歉给您发错了颜色，您是想换成蓝色的保温杯，对吗？"
    assert status("confirm_need", "C: 我买的蓝色保温杯，收到的是粉色的。", restated) == "pass"
    wrong = "A: 您好，这里是家电售后，您打错了。"
    assert status("confirm_need", "C: 是王医生的诊所吗？", wrong) == "na"


def test_a_restatement_in_the_agents_own_words_counts_when_the_caller_says_yes() -> None:
    caller = "C: 你们断水可真及时啊，我就晚交了几天，家里就没水了。"
    restated = "A: 您是说家里因为欠费被停水了，想尽快恢复供水，对吗？"
    assert status("confirm_need", caller, restated, "C: 对，我出差忘了交。") == "pass"
    assert status("confirm_need", caller, restated, "C: 不是，我交过了。") == "fail"


# -- under recognition noise: evidence the recogniser may have changed -------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # an excuse heard only in the hit's own sounds (的身焚证 like 带身份证) clears nothing
        ("A: 麻烦您报一下完整的身份证号码。", "fail"),
        ("A: 麻烦您报一下完整的身焚证号码。", "uncertain"),
        # a phrase with a character lost beside a clear request; a shorter word said plainly
        ("A: 麻烦您报一下机主的身证号码。", "uncertain"),
        ("A: 退款已经到账了，请您查一下绑定的银行卡。", "pass"),
        # an excuse half heard beside the hit (后么四位 for 后四位)
        ("A: 麻烦您报一下卡号后四位。", "pass"),
        ("A: 麻烦您报一下卡号后么四位。", "uncertain"),
        # 报下 asks as 报一下 does
        ("A: 麻烦您报下完整的身份证号码。", "fail"),
        # a number read out with digits heard as sound-alikes (救 for 九, 司 for 四)
        ("A: 机主身份证是三三零一零六一九八八零五一二三四一九，是您本人吧？", "fail"),
        ("A: 机主身份证是三三零一零六一救八八零五一二三司一九，是您本人吧？", "uncertain"),
    ],
)
def test_privacy_evidence_the_recogniser_may_have_changed(line: str, expected: str) -> None:
    assert status("privacy", "C: 我想查一下。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a refusal with an adverb inside, its characters misheard
        ("A: 这个我们这边也没什么办法。", "fail"),
        ("A: 这个我们这边也没什板办法。", "uncertain"),
        # a restatement whose 您是说 was misheard: the refusal may be the caller's words
        ("A: 您是说手机摔了以后您也不清楚数据还能不能恢复，对吗？", "pass"),
        ("A: 兵是说手机摔了以后也不清楚数据还能不能恢复，对吗？", "uncertain"),
        # a polite question, whatever it asks
        ("A: 不知道老人家今年多大年纪？", "pass"),
    ],
)
def test_banned_phrase_evidence_the_recogniser_may_have_changed(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 抢修队已经在现场了，我们会尽快，今天下午三点前恢复。", "pass"),
        # the clock and deadline heard by sound, every syllable there (三甸浅 for 三点前): a
        # time heard by sound like any other, which makes the vague 尽快 concrete
        ("A: 抢修队已经在现场了，我们会尽快，今天下午三甸浅恢复。", "pass"),
        # ... where the grammar reads only the day in characters (明天下午): the deadline heard
        # after it makes the time a promise, as it would in characters
        ("A: 补丁明天下午五殿浅推送。", "pass"),
        ("A: 补丁明天下午推送。", "na"),
        # ... or two pieces of it (今天 and 四点, 下午 heard as 侠午) that the heard time joins
        ("A: 我已经提交了，今天侠午四点之牵会开通好。", "pass"),
        ("A: 我帮您登记了，材料清单十分钟内发到您微信上。", "pass"),
        # a number beside a unit the grammar cannot read whole (三十钟内, 五分内)
        ("A: 我帮您登记了，材料清单三十钟内发到您微信上。", "uncertain"),
        ("A: 材料清单五分内发到您微信上。", "uncertain"),
        # a habit heard by sound and taken into the time (医般 sounds like 一半): no promise
        ("A: 化验报告二十四消时以内出来。", "pass"),
        ("A: 化验报告医般二十四消时以内出来。", "na"),
        # ... a habit heard by sound before a time read whole (一办 for 一般)
        ("A: 仓库收到货以后一办三到五个工作日原路退回。", "na"),
        # ... or a planned outage heard by sound (检朽 for 检修)
        ("A: 小区今天计划检朽停电，预计下午五点恢复供电。", "na"),
        # a restatement whose 您是说 was misheard holds no vague promise of the agent's
        ("A: 兵是说约好的师傅没来，想尽快安排安装，对吗？", "na"),
        # thanks for the wait with its 的 misheard (您得等待) leaves nothing to wait for
        ("A: 谢谢您得等待，已经给您办好了。", "na"),
        ("A: 这个得等厂家回复。", "fail"),
        # a vague word the caller acts on, its 建议您 heard by sound (浆议您)
        ("A: 您的卡已经挂失了，另外浆议您尽快修改支付密码。", "na"),
    ],
)
def test_follow_up_time_evidence_the_recogniser_may_have_changed(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # what the caller may do by the deadline, said a few words after it: information
        ("A: 新规定下个月开始执行，六月三十号之前去登记点上牌都可以。", "na"),
        # ... heard by sound (逗壳已 for 都可以)
        ("A: 新规定下个月开始执行，六月三十号之前去登记点上牌逗壳已。", "na"),
        # the agent's side acting in between: still a promise
        ("A: 我给您登记了，六月三十号之前我们都可以给您上牌。", "pass"),
        # ... or the caller's step waits on the promised one (办好 first)
        ("A: 已经给您登记好了，停车证明天下午三点前办好，您到物业前台领取就可以。", "pass"),
        # a grace period, what the caller must finish by, slots on offer: information
        ("A: 年缴的话，扣费日后六十天内都是宽限期。", "na"),
        ("A: 您七点二十的航班，六点三十五之前必须办完值机。", "na"),
        ("A: 今天下午口腔科还有两点半和三点的号。", "na"),
        # a promise with what happens if it is broken after it (晚了的话): still a promise
        ("A: 骑手二十分钟内给您送到，晚了的话这一单给您全额退款。", "pass"),
        # a day of this month before a bill's date
        ("A: 这笔已经给您冲正了，本月二十号账单日之前就会在账上显示退回。", "pass"),
    ],
)
def test_follow_up_time_what_the_caller_may_do_by_then(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问个事。", line, "C: 好。") == expected


def test_a_time_after_vague_words_its_cue_misheard_is_uncertain() -> None:
    vague = "A: 原因我们要查一下日志，尽快告诉您。"
    # the time that answers "how soon", its 前 heard as 批: maybe the promise, a person judges
    misheard = "A: 今天下午三点批把日志分析结果发到邮箱。"
    assert status("follow_up_time", "C: 我想问个事。", vague, "C: 多久？", misheard) == "uncertain"
    # a bare day is too little to answer it
    busy = "A: 医生今天门诊比较满。"
    assert status("follow_up_time", "C: 我想问个事。", vague, "C: 多久？", busy) == "fail"


def test_follow_up_time_reads_no_promise_in_the_opening_words() -> None:
    # a staff number heard as a time (工号个四日六) before the caller spoke, then nothing pending
    opening = "A: 您好，安居家电售后服务中心，工号个四日六为您服务，请问有什么可以帮您？"
    lines = [opening, "C: 我想问下你们几点下班。", "A: 我们晚上八点下班。", GOODBYE]
    review = check_call(render(call(*lines)), book().get("appliance-service"))
    assert review.finding("follow_up_time").status == "na"


def test_a_restatement_heard_whole_that_partly_matches_the_caller_is_uncertain() -> None:
    need = "C: 我家洗衣机不脱水了。"
    # 洗衣机 heard, 不脱水 not: the caller's words or the agent's may be misheard, unless the
    # caller's answer settles it
    assert status("confirm_need", need, "A: 您是说洗衣机坏了，对吗？", "C: 嗯。") == "uncertain"
    assert status("confirm_need", need, "A: 您是说洗衣机坏了，对吗？", "C: 不是。") == "fail"
    assert status("confirm_need", need, "A: 您是说要开发票，对吗？", "C: 嗯。") == "fail"


def test_follow_up_time_a_vague_side_matter_after_the_main_promise_is_an_aside() -> None:
    promise = "A: 后视镜周四上午到店，到货当天下午三点前我给您打电话约安装时间。"
    side = "A: 另外您上个月参加的抽奖活动，开奖结果出来了我们再通知您。"
    assert status("follow_up_time", "C: 我订的后视镜到了没有？", promise, "C: 行。", side) == "pass"
    # the same vague words with no promise before them leave the matter open
    assert status("follow_up_time", "C: 我订的后视镜到了没有？", side) == "fail"


SHOP = "C: 我在不好意思小馆点的酸菜鱼少了两碗米饭，怎么搞的？"


@pytest.mark.parametrize(
    ("caller", "agent", "expected"),
    [
        # a name or title the caller gave, echoed by the agent, is no apology
        (SHOP, "A: 不好意思小馆那边漏了，我让他们补送。", "fail"),
        (SHOP, "A: 不好意思，漏了米饭，我让店家补送。", "pass"),
        ("C: 你们有没有卖对不起我不知道这本书？", "A: 对不起我不知道这本书有现货。", "na"),
        # ... with or without the 的 the caller put after it
        ("C: 楼下那个叫对不起的酒吧天天吵到两点，这都第四次打了！",
         "A: 好的，青云路一楼的对不起酒吧，已经登记了，三个工作日内给您答复。", "fail"),
    ],
)  # fmt: skip
def test_an_apology_the_caller_said_first_is_a_name_echoed(
    caller: str, agent: str, expected: str
) -> None:
    assert status("apology", caller, agent, "C: 好。") == expected


def test_numbers_that_do_not_tally_are_no_apology() -> None:
    complaint = "C: 账单读数零八六二，水表上是零六八二，两个数对不起来，你们多扣了我一百多块。"
    restated = "A: 您是说账单和水表的读数对不起来，对吗？"
    assert status("apology", complaint, restated, "C: 对。") == "fail"
    assert status("apology", complaint, "A: 对不起，是读数录错了。", "C: 好。") == "pass"


def test_a_caller_who_finds_the_fault_their_own_takes_back_the_complaint() -> None:
    complaint = "C: 我上个月明明交了一百块，怎么会停机呢？"
    found = "A: 您的一百元充到了尾号三三八一的另一个号码上。"
    assert status("apology", complaint, found, "C: 啊？那是我老公的号，我输错了。") == "na"
    assert status("apology", complaint, found, "C: 不可能，我没充错号码。") == "fail"


def test_a_relaying_hotline_owes_an_apology_for_its_own_wait() -> None:
    hotline = book().get("appliance-service").model_copy(update={"name": "12345政务服务便民热线"})
    waited = "C: 等了好久才接通，你们这热线也太慢了。"
    lines = (GREETING, waited, "A: 您有什么事？", "C: 问一下停车的事。", "A: 长乐路全天禁停。")
    transcript = render(call(*lines, "C: 好。", GOODBYE))
    pack = rules_only(load_pack(hotline.lang))
    assert check_call(transcript, hotline, pack).finding("apology").status == "fail"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        # blame with 谁让你们, 自作主张, a promise disowned, a complaint lodged elsewhere, a
        # delivery promised for yesterday not here today, a rhetorical 什么叫, 要你们干什么
        ("C: 谁让你们给我开的自动分期？我从来没同意过。", "fail"),
        ("C: 我的套餐你们自作主张给我改了。", "fail"),
        ("C: 是他指挥我倒车的，你们不认账是吧？", "fail"),
        ("C: 行，我去海事局投诉你们。", "fail"),
        ("C: 说是次日达，前天发的，今天都没到。", "fail"),
        ("C: 什么叫跟你们没关系？我是在你们平台下的单啊！", "fail"),
        ("C: 催不动？那要你们干什么？", "fail"),
        ("C: 挂的八点半的号，到现在十一点了还没叫到我。", "fail"),
        ("C: 箱子是存在你们这儿的，现在找不到，你们怎么保管的？", "fail"),
        ("C: 存的箱子没了，你们得给我个说法！", "fail"),
        ("C: 什么叫没办法？我牌子就在手上！", "fail"),
        # plain reports of trouble on the organisation's side, left unapologised: for a person
        ("C: 团了两盒豆腐，到团长那儿就只有一盒。", "uncertain"),
        ("C: 刚扫的车，骑了没两百米后胎就瘪了。", "uncertain"),
        # a complaint about someone else, said so; a child's taps owned by the parent
        ("C: 不是投诉你们啊，我想问问怎么投诉那家健身房。", "na"),
        ("C: 是孩子乱点的我知道，扣了一百二，能退吗？", "na"),
        # the caller's own slip or own paper run out
        ("C: 孩子的镜片是她自己摘的时候没拿住，摔裂了，想补配一片。", "na"),
        ("C: 我妈的处方单子过期了，能先买两盒吗？", "na"),
    ],
)
def test_complaints_in_words_no_list_had(caller: str, expected: str) -> None:
    assert status("apology", caller, "A: 嗯。", "C: 好。") == expected


def test_understanding_a_worry_shows_no_complaint() -> None:
    # 理解您的心情 answers distress over trouble; 理解您着急 only a hurry of the caller's own.
    lost = "C: 我手机落在你们的车上了，能把司机电话给我吗？"
    assert status("apology", lost, "A: 理解您着急，我马上帮您联系司机。", "C: 好。") == "na"
    assert status("apology", lost, "A: 理解您的心情，我马上帮您联系司机。", "C: 好。") == "fail"


def test_a_side_matter_the_caller_waves_aside_leaves_the_promise_standing() -> None:
    asked = "C: 玻璃杯摔破了三箱，怎么赔？"
    promise = "A: 一千零八十元赔款五个工作日内打到您的付款账户。"
    driver = "A: 司机这边我们也会按规定处理，有结果了再告诉您。"
    waved = status("follow_up_time", asked, promise, "C: 那司机呢？", driver, "C: 行，钱到了就行。")
    assert waved == "pass"
    pressed = status("follow_up_time", asked, promise, "C: 那司机呢？", driver, "C: 那什么时候？")
    assert pressed == "fail"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a step of ours after another of ours, the money sent back by a 把 clause: a promise
        ("A: 我们收到照片以后，明天中午十二点前按比例把赔款退到您的付款账户。", "pass"),
        # the caller's deadline (您在…之前), a deduction already made: information
        ("A: 您在周五之前把材料寄到我们门店就可以。", "na"),
        ("A: 扣款在扣款日当天下午三点前就发起了，所以这期已经扣了。", "na"),
    ],
)
def test_follow_up_time_whose_step_the_time_is(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问一下。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 开票这块我们客服中心不大管，都是门店财务开的。", "fail"),
        ("A: 这个要看审核进度，什么时候到我这边也说不准。", "fail"),
        ("A: 这个不大管用的话您再打过来。", "pass"),
        ("A: 太阳能这个活儿我们的师傅干不了，没招。", "fail"),
        ("A: 这属于你跟卖家之间的纠纷，平台这边不插手。", "fail"),
        ("A: 重复扣款的事我这边也弄不明白是怎么回事。", "fail"),
        ("A: 我们这儿不做加急，规则就这样，谁来都一样。", "fail"),
        ("A: 扣分你自己上网查去，电话里不查这个。", "fail"),
        ("A: 这个舱位想改期就别想了，补钱也没戏。", "fail"),
        ("A: 我们这儿就这个价。", "fail"),
        ("A: 这种问题我们这儿不懂。", "fail"),
        # a search said with its outcome open is no refusal
        ("A: 今天下午六点前，不管找没找到都给您回个电话。", "pass"),
    ],
)
def test_refusals_with_an_adverb_or_an_i_cannot_say(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问一下。", line, "C: 好。") == expected


def test_a_card_number_said_back_in_full_is_read_out() -> None:
    card = "C: 卡号是六二二二零二一二零零零零五八一三。"
    back = "A: 六二二二零二一二零零零零五八一三，对吗？"
    assert status("privacy", "A: 请问您的卡号后四位？", card, back, "C: 对。") == "fail"
    # an order number the agent asked for, said back to check it, is no one's secret
    order = "C: 二零二四零六一一三三五七零九八二。"
    again = "A: 二零二四零六一一三三五七零九八二，对吗？"
    assert status("privacy", "A: 麻烦您提供一下订单号。", order, again, "C: 对。") == "pass"
    # nor one the caller named a reference just before it
    named = "C: 我要查工单号二零二四零六一一零五二。"
    again = "A: 您是想查询工单号二零二四零六一一零五二的进度，对吗？"
    assert status("privacy", "A: 您好，请讲。", named, again, "C: 对。") == "pass"
    # a phone number said back in full is read out all the same
    phone, checked = "C: 一三八一二三四五六七八。", "A: 一三八一二三四五六七八对吗？"
    assert status("privacy", "A: 您的联系电话？", phone, checked, "C: 对。") == "fail"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # gone quiet after 我看一下: the caller's 喂 stands for the hold never asked
        (("A: 我看一下。", "C: 喂？", "A: 查到了，明天送到。"), "fail"),
        # the line breaking up, said before the caller's 喂 or in answer to it
        (("A: 您那边信号不太好，我听不清。", "C: 喂？", "A: 麻烦您换个地方再打过来。"), "na"),
        (("A: 您请说。", "C: 喂？", "A: 您那边声音断断续续的，听不清楚。"), "na"),
    ],
)
def test_a_callers_hello_after_silence_is_a_hold_unless_the_line_is_bad(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("hold_etiquette", "C: 我的快递到哪了？", *lines, "C: 好。") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a neighbour's contract price, a husband's lock records, told to the caller
        (
            (
                "C: 我对门1702老刘家去年就是你们做的，他家半包花了多少钱啊？",
                "A: 1702刘建伟先生家是去年五月签的半包，合同总价十二万八。",
            ),
            "fail",
        ),
        (
            ("C: 我老公装的锁，我想查开门记录。", "A: 绑定人陈立军，上周六晚上一共两次开门。"),
            "fail",
        ),
        # ... not when the agent sends the caller to the person, nor the hospital's own process
        (
            (
                "C: 我老公装的锁，我想查开门记录。",
                "A: 记录只能绑定人本人在APP里查，您让他登录看一下。",
            ),
            "pass",
        ),
        (
            ("C: 我爸在你们那住院，出院手续怎么办？", "A: 出院结算是在门诊楼一楼，带上押金条。"),
            "pass",
        ),
    ],
)
def test_someone_elses_details_told_to_a_caller(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", *lines, "C: 好。") == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the caller takes the promised time and asks about something else: the promise about
        # what they called for decides
        ("C: 下午四点前，好的。要是需要换零件呢？", "pass"),
        ("C: 明天上午十点前，好的。那我这两天买的洗漱用品能报销吗？", "pass"),
        # the time said back and something else asked after, or a side matter opened
        ("C: 四点前，那赶得上。坏的那个零件咋办？", "pass"),
        ("C: 好。对了，上次的上门费能退吗？", "pass"),
        # asking after the same matter leaves the vague answer to it open
        ("C: 那到底什么时候能修好？", "fail"),
        ("C: 四点前，那修好要多久？", "fail"),
    ],
)
def test_a_side_question_after_the_promise_leaves_its_vague_answer_aside(
    reply: str, expected: str
) -> None:
    promise = "A: 已经给您登记了，技师今天下午四点前给您回电话。"
    vague = "A: 这个到时候再看吧。"
    assert status("follow_up_time", "C: 我的空调不制冷了。", promise, reply, vague) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # a process said to be opened already answers no "when?"
        ("A: 退款申请我这边已经提交了，到账了会有短信提醒您。", "fail"),
        ("A: 已经给您登记了，退回来会通知您的。", "fail"),
        # the money itself already on its way does
        ("A: 钱已经原路退回去了，您查一下银行卡。", "na"),
    ],
)
def test_a_process_already_opened_does_not_answer_when(answer: str, expected: str) -> None:
    cancel = ("C: 我想取消这个订单，会扣钱吗？", "A: 不扣钱，订单已经给您取消了。")
    assert status("follow_up_time", *cancel, "C: 那钱什么时候退给我？", answer) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # refusals and shrugs in dialect and in set phrases
        ("A: 这个我就不晓得了，排课是教务那边定的。", "fail"),
        ("A: 机房出了故障，啥时候好我们这边也莫得办法。", "fail"),
        ("A: 换教练？没这个说法，分到哪组就是哪组。", "fail"),
        ("A: 拆了袋的不收回，这个没招。", "fail"),
        ("A: 邻居之间的事不在范围里，我们这儿不受理。", "fail"),
        ("A: 房东跟租客的事，我们物业不掺和。", "fail"),
        ("A: 版本是总部推的，您跟我说也没用。", "fail"),
        ("A: 骑手是配送站的人，跟我们平台没关系。", "fail"),
        ("A: 厂家不发货，我们这边也使不上劲。", "fail"),
        ("A: 合同签了就是签了，没得商量。", "fail"),
        # blaming the caller, and impatience with them
        ("A: 包裹驿站弄丢的，这个怪不到我们头上。", "fail"),
        ("A: 退课？门儿都没有。", "fail"),
        ("A: 我都跟您说两遍了，您怎么还没听明白？", "fail"),
        # a polite question, a wasted trip apologised for
        ("A: 不晓得您明天上午方便吗？", "pass"),
        ("A: 让您白跑一趟，真不好意思。", "pass"),
    ],
)
def test_refusals_in_dialect_and_set_phrases(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问一下。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the money put into the caller's card, someone of ours coming to the caller's place
        ("A: 核对无误以后，两千块明天中午十二点前会存到您卡上。", "pass"),
        ("A: 揽收员明天早上七点前到您果园收件。", "pass"),
        # what the caller does by a time is still theirs
        ("A: 您明天中午十二点前到网点存到卡上就行。", "na"),
    ],
)
def test_follow_up_time_money_or_people_coming_to_the_caller(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问一下。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        # a paper sent on a time (工单号, 费用明细) does not time what the caller waits for
        ("A: 这个要看抢修班那边的安排，排上了就去。工单号两分钟之内短信发到您手机上。", "fail"),
        ("A: 财务审完了会有短信通知您。费用明细清单我今天下午四点前发到您手机上。", "fail"),
        # the main matter timed, and the paper beside it
        ("A: 师傅明天上午十点前上门，工单号两分钟之内短信发到您手机上。", "pass"),
    ],
)
def test_follow_up_time_a_paper_sent_on_a_time_is_a_side_matter(agent: str, expected: str) -> None:
    asked = "C: 我家燃气表坏了，什么时候能修？"
    assert status("follow_up_time", asked, agent, "C: 好。") == expected
