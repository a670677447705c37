"""The words operation names are made of, one table per language.

A name is a verb and a noun. The noun comes from the request line's path (structure);
these tables say which verb a title's action word means. The verbs are the ones
SDKs and API guidelines use: a read of one thing is ``Show``, of many ``List``;
``Create``, ``Update``, ``Delete``; other actions keep their own verb (``Start``,
``Reboot``, ``Attach``), and a batch form is ``Batch`` + the verb.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

READ = "read"  # Show or List: decided by what the path names, one thing or many
# obtaining, getting: a read, except by POST, which makes the thing (a token)
ACQUIRE = "acquire"

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Base forms of verbs that API titles open with (English). A title's first word is a
# verb only if its base form is here (or it is a gerund: "Reserving"), so "Image
# Details" or "API Version Query" give no verb (the method then says it).
_ENGLISH_VERBS = _words("""
    abort accept activate add adjust allocate alter apply approve archive assign
    associate attach authorize back bind block calculate call cancel change check clean
    clear clone close collect commit compare configure confirm connect convert copy
    count create deactivate debug delete deploy deregister desc describe detach disable
    disassociate disconnect download edit enable execute expand export extend fetch
    filter freeze generate get grant handle hibernate import initialize insert install
    invoke isolate issue join kill list load lock log login logout manage mark merge
    migrate modify mount move obtain open pause perform ping poll promote publish
    purchase push put query read rebuild reboot receive recover redeploy refresh
    register reinstall reject release reload remove rename renew repair replace
    replicate report request reset resize restart restore resume retrieve retry retype
    revoke roll rollback rotate run save scale scan schedule search send set share show
    shrink shut shutdown sign start stop submit subscribe suspend switch sync
    synchronize tag terminate test trigger unbind unblock unfreeze uninstall unlock
    unmount unregister unsubscribe untag update upgrade upload validate verify view wake
""")

# base form → the verb a name uses ("" = a read: Show or List by the path)
_ENGLISH_SYNONYMS = {
    "query": READ, "obtain": ACQUIRE, "get": ACQUIRE, "view": READ, "list": READ, "show": READ,
    "retrieve": READ, "describe": READ, "desc": READ, "fetch": READ, "read": READ, "search": READ,
    "create": "Create", "add": "Create", "apply": "Create", "insert": "Create",
    "allocate": "Create", "generate": "Create", "purchase": "Create",
    "modify": "Update", "update": "Update", "change": "Update",
    "configure": "Update", "edit": "Update", "alter": "Update", "adjust": "Update",
    "put": "Update",
    "delete": "Delete", "remove": "Delete",
    "expand": "Resize", "extend": "Resize", "scale": "Resize", "resize": "Resize",
    "restart": "Restart", "reboot": "Reboot", "shut": "Stop", "shutdown": "Stop",
    "sync": "Sync", "synchronize": "Sync", "roll": "Rollback", "replicate": "Copy",
}

# a title's object words that say it reads many things
_ENGLISH_MANY = re.compile(r"(?i)\b(all|list|lists|multiple|batch)\b")
_ENGLISH_BATCH = re.compile(r"(?i)^\s*batch\b[\s-]*")


@dataclass(frozen=True)
class Vocabulary:
    """How a title in one language says its action."""

    language: str
    # (pattern, verb) in order: the first that matches the title's opening wins
    openings: tuple[tuple[re.Pattern[str], str], ...]
    # the title says it acts on many at once ("Batch", 批量)
    batch: re.Pattern[str]
    # the title says it reads many things ("all", "list", 列表, 所有)
    many: re.Pattern[str]
    # base verbs (English only: Chinese verbs are matched as written)
    verbs: frozenset[str] = frozenset()
    synonyms: Mapping[str, str] = field(default_factory=dict)


ENGLISH = Vocabulary(
    language="en",
    openings=(),
    batch=_ENGLISH_BATCH,
    many=_ENGLISH_MANY,
    verbs=_ENGLISH_VERBS,
    synonyms=_ENGLISH_SYNONYMS,
)


def _zh(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(words), verb) for words, verb in pairs)


# Chinese titles open with their verb (查询云硬盘详情, 批量删除标签), maybe after a short
# phrase (为云硬盘添加标签, 按标签查询云服务器): the earliest verb of the title is its own.
CHINESE = Vocabulary(
    language="zh",
    openings=_zh(
        ("查询|查看|列出|列举|检索|搜索|读取", READ),
        ("获取|获得|拉取", ACQUIRE),
        ("创建|新建|添加|增加|新增|申请|生成|购买|注册|建立", "Create"),
        ("修改|更新|设置|变更|配置|编辑|更改|调整|重命名", "Update"),
        ("删除|移除|清除|清空|释放|注销", "Delete"),
        ("扩容|扩展|缩容|扩大", "Resize"),
        ("启动|开机|开启|启用", "Start"),
        ("停止|关机|关闭|停用|暂停", "Stop"),
        ("重启", "Reboot"),
        ("挂载|绑定|关联", "Attach"),
        ("卸载|解绑|解除|取消关联|解关联", "Detach"),
        ("导出", "Export"),
        ("导入", "Import"),
        ("复制|拷贝", "Copy"),
        ("迁移", "Migrate"),
        ("上传", "Upload"),
        ("下载", "Download"),
        ("重置", "Reset"),
        ("恢复", "Restore"),
        ("回滚", "Rollback"),
        ("同步", "Sync"),
        ("取消", "Cancel"),
        ("校验|验证", "Validate"),
        ("检查|检测", "Check"),
        ("切换", "Switch"),
        ("重装", "Reinstall"),
        ("接受", "Accept"),
        ("拒绝", "Reject"),
        ("授权|授予", "Grant"),
        ("撤销|收回|移除授权", "Revoke"),
        ("锁定", "Lock"),
        ("解锁", "Unlock"),
        ("发布", "Publish"),
        ("订阅", "Subscribe"),
        ("执行|运行", "Run"),
        ("共享", "Share"),
        ("冻结", "Freeze"),
        ("解冻", "Unfreeze"),
        ("升级", "Upgrade"),
        ("续订|续费", "Renew"),
        ("发送", "Send"),
        ("转移|过户", "Transfer"),
    ),
    batch=re.compile(r"^\s*批量"),
    many=re.compile(r"列表|所有|全部|批量|多个"),
)


def vocabulary_for(title: str) -> Vocabulary:
    """The vocabulary of a title's language: Chinese when it holds CJK characters."""
    return CHINESE if re.search(r"[\u3400-\u9fff]", title) else ENGLISH
