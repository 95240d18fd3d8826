"""Every label, message and help text of the interface in English and Chinese."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, 中文)
    "app_title": ("Needs discovery", "需求洞察"),
    "nav_analyse": ("Analyse notes", "分析拜访纪要"),
    "nav_search": ("Search past cases", "检索过往案例"),
    "nav_library": ("Case library", "案例库"),
    "nav_tender": ("Tender matrix", "招标需求矩阵"),
    "nav_admin": ("Library admin", "案例库管理"),
    "language": ("Interface language", "界面语言"),
    "private_note": ("Runs on this machine only: nothing is sent anywhere.", "仅在本机运行，不向任何地方发送数据。"),
    "explicit": ("Explicit", "显性需求"),
    "organisational": ("Organisational", "组织隐性需求"),
    "personal": ("Personal", "个人隐性需求"),
    "none": ("None", "无需求"),
    # analyse
    "analyse_title": ("Analyse meeting notes", "分析客户拜访纪要"),
    "analyse_help": ("Paste notes in Chinese, English or both, or upload a text file.", "粘贴中文、英文或中英混写的纪要，或上传文本文件。"),
    "notes_input": ("Meeting notes", "拜访纪要"),
    "upload_notes": ("…or upload a .txt / .md file", "……或上传 .txt / .md 文件"),
    "analyse_button": ("Analyse", "分析"),
    "no_statements": ("No statements found: the text is empty.", "没有找到语句：文本为空。"),
    "summary": ("{name}: {n} statements: {e} explicit, {o} organisational, {p} personal.", "{name}：共{n}条语句：显性{e}条，组织隐性{o}条，个人隐性{p}条。"),
    "in_text": ("In the text", "原文标注"),
    "needs_table": ("Needs by type", "按类型列出的需求"),
    "confidence": ("Confidence", "置信度"),
    "statement": ("Statement", "语句"),
    "label": ("Label", "标签"),
    "stakeholder": ("Stakeholder", "相关人"),
    "cues": ("Cues", "线索词"),
    "nearest": ("Nearest labelled example", "最相近的标注样例"),
    "compliance": ("Compliance warnings", "合规提醒"),
    "questions": ("Questions to ask next", "下一步要问的问题"),
    "missing": ("Not found yet: {types}", "尚未发现：{types}"),
    "wins": ("Legitimate ways to serve personal needs", "满足个人需求的正当方式"),
    "similar_note": ("Similar past cases for this note", "与本纪要相似的过往案例"),
    "similar_need": ("Closest case for each need", "每条需求最相近的案例"),
    "no_library": ("No case library yet: build one on the Library admin page.", "还没有案例库：请在“案例库管理”页面建立。"),
    "corrections_hint": ("Wrong label? Change it in the Label column and save.", "标签不对？在“标签”列修改后保存。"),
    "save_corrections": ("Save corrections", "保存更正"),
    "saved_corrections": ("{n} corrections saved; {w} wait for retraining.", "已保存{n}条更正；{w}条待重新训练。"),
    "export": ("Export", "导出"),
    "redact": ("Mask names, phone numbers and e-mails in exports and saved notes", "导出和保存纪要时隐去姓名、电话和邮箱"),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel", "Excel"),
    "download_brief": ("One-page brief (Markdown)", "一页简报（Markdown）"),
    "save_as_case": ("Save this note into the library as a case", "将此纪要存入案例库"),
    "case_title": ("Case title", "案例标题"),
    "save": ("Save", "保存"),
    "saved_case": ("Saved as case {id}.", "已保存为案例 {id}。"),
    # search
    "search_title": ("Search past cases and tenders", "检索过往案例和招标文件"),
    "query": ("Search", "检索"),
    "query_help": ("Words or a description, in Chinese or English", "中文或英文的关键词或描述"),
    "filters": ("Filters", "筛选"),
    "outcome": ("Outcome", "结果"),
    "industry": ("Industry", "行业"),
    "region": ("Region", "地区"),
    "years": ("Years", "年份"),
    "case_language": ("Case language", "案例语言"),
    "need_type": ("Need type", "需求类型"),
    "tags": ("Tags", "标签词"),
    "any": ("any", "全部"),
    "results": ("{n} cases", "{n}个案例"),
    "no_results": ("No matching cases. Try fewer filters or other words.", "没有匹配的案例。请减少筛选条件或换个说法。"),
    "open_case": ("Open case", "查看案例"),
    "needs_in_case": ("Needs in this case", "案例中的需求"),
    "won": ("won", "赢单"), "lost": ("lost", "丢单"), "ongoing": ("ongoing", "进行中"),
    "export_results": ("Export results (CSV)", "导出结果（CSV）"),
    # library
    "library_title": ("Case library", "案例库"),
    "by_need": ("Needs in the library by type and outcome", "按需求类型和结果统计"),
    "map": ("Map of cases by similarity (hover to name a case)", "案例相似度地图（悬停查看名称）"),
    "pick_case": ("Case", "案例"),
    "case_text": ("Case text, statements coloured by label", "案例原文（按标签着色）"),
    "cases_count": ("{n} cases", "{n}个案例"),
    # admin
    "admin_title": ("Library admin", "案例库管理"),
    "upload": ("Upload cases or tenders (md, txt, docx, pdf, csv, jsonl, xlsx)", "上传案例或招标文件（md、txt、docx、pdf、csv、jsonl、xlsx）"),
    "ingest": ("Add to library", "加入案例库"),
    "ingest_result": ("Added {a}, updated {u}, skipped {s} unchanged, failed {f}.", "新增{a}，更新{u}，跳过未变{s}，失败{f}。"),
    "failed_file": ("Could not add {name}: {reason}", "无法加入 {name}：{reason}"),
    "remove": ("Remove cases", "删除案例"),
    "remove_button": ("Remove", "删除"),
    "removed": ("Removed {ids}.", "已删除 {ids}。"),
    "stats": ("Library statistics", "案例库统计"),
    "m_cases": ("Cases", "案例"),
    "m_passages": ("Passages", "段落"),
    "m_statements": ("Labelled statements", "已标注语句"),
    "m_disk": ("MB on disk", "磁盘占用（MB）"),
    "m_details": ("Embedder {embedder} · index {index} · languages: {languages}", "向量模型 {embedder} · 索引 {index} · 语言：{languages}"),
    "corrections_waiting": ("{n} label corrections wait for retraining.", "{n}条标签更正待重新训练。"),
    "retrain": ("Retrain the classifier now", "立即重新训练分类器"),
    "retrained": ("Retrained: dev macro-F1 {f1:.3f}.", "已重新训练：验证集macro-F1 {f1:.3f}。"),
    "too_many_files": ("At most {n} files at once.", "一次最多上传{n}个文件。"),
    # tender
    "tender_title": ("Tender requirement matrix", "招标需求矩阵"),
    "tender_upload": ("Tender (PDF, Word, text)", "招标文件（PDF、Word、文本）"),
    "tender_notes": ("Meeting notes for this customer (optional)", "该客户的拜访纪要（可选）"),
    "tender_button": ("Build the matrix", "生成需求矩阵"),
    "uncovered": ("Needs from meetings that no clause covers", "拜访中提到但招标条款未覆盖的需求"),
    "unexplained": ("Clauses with no known need behind them (ask why)", "没有已知需求支撑的条款（值得追问）"),
    "matched": ("Needs matched to clauses", "需求与条款的对应"),
    "download_matrix": ("Download the matrix (Excel)", "下载需求矩阵（Excel）"),
    "no_clauses": ("No requirement clauses found; the tender's passages are shown instead.", "未找到需求条款；以下为招标文件的段落。"),
    "error": ("{msg}", "{msg}"),
    "no_close_match": ("No close match: the best case scores {score:.0%} relevance. Results are shown below for what they are worth.",
                       "没有很接近的案例：最相关案例的相关度仅为{score:.0%}。以下结果仅供参考。"),
    "relevance": ("relevance {score:.0%}", "相关度 {score:.0%}"),
    "stories_count": ("{n} case stories", "{n}个案例故事"),
    "stories_by_need": ("Case stories by need type and outcome (curated labels where the case has them)",
                        "按需求类型和结果统计案例故事（有人工标注时以标注为准）"),
    "kind": ("Kind", "类型"),
    "map_topic": ("Map of case stories by topic (hover to name one)", "按主题排列的案例故事地图（悬停查看名称）"),
    "key_facts": ("Key facts", "关键信息"),
    "disqualifying_note": ("{n} clauses reject the bid if not met (marked ⚠).", "{n}条条款不满足即废标（标记为⚠）。"),
    # accounts
    "nav_accounts": ("Accounts", "客户档案"),
    "acc_title": ("Accounts: what all meetings say together", "客户档案：多次拜访的累积洞察"),
    "acc_help": ("Add each meeting's notes to its customer; people, needs, budgets and the relationship build up over time.",
                 "把每次拜访纪要加入对应客户；人物、需求、预算和关系会随时间累积。"),
    "acc_pick": ("Account", "客户"),
    "acc_new": ("(new account)", "（新客户）"),
    "acc_name": ("New account name", "新客户名称"),
    "acc_note": ("Meeting notes", "拜访纪要"),
    "acc_date": ("Meeting date (default: the date in the note, else today)", "拜访日期（默认取纪要中的日期，否则为今天）"),
    "acc_add": ("Add to account", "加入客户档案"),
    "acc_added": ("Added the meeting of {date}.", "已加入{date}的拜访。"),
    "acc_already": ("This note is already in the account ({date}); nothing changed.", "该纪要已在档案中（{date}），未作改动。"),
    "acc_meetings": ("meetings", "次拜访"),
    "acc_trend": ("Relationship", "客户关系"),
    "acc_chain": ("Decision chain", "决策链"),
    "acc_needs": ("Needs over time", "需求演变"),
    "acc_invest": ("Investment and timing", "投资与时间点"),
    "acc_gaps": ("Gaps", "缺口"),
    "acc_questions": ("Questions to ask next", "下一步要问的问题"),
    "acc_history": ("Past notes", "历史纪要"),
    "acc_meeting": ("Meeting", "拜访"),
    "acc_forget": ("Forget this note and everything derived from it", "删除该纪要及由其得出的全部内容"),
    "acc_choose": ("Pick an account, or name a new one and add its first note.", "请选择客户，或新建客户并加入第一份纪要。"),
    # privacy and trust (issue 13)
    "source": ("Notes from", "纪要来源"),
    "source_paste": ("Paste text", "粘贴文本"),
    "source_upload": ("Upload a file", "上传文件"),
    "upload_limits": ("One .txt or .md file, up to 2 MB.", "一个 .txt 或 .md 文件，不超过 2 MB。"),
    "pasted_text": ("Pasted text", "粘贴的文本"),
    "no_file": ("No file chosen: pick one, or switch to pasting text.", "尚未选择文件：请选择文件，或改为粘贴文本。"),
    "analysis_failed": ("Could not analyse {name}: {reason}", "无法分析 {name}：{reason}"),
    "progress_read": ("Reading the note…", "正在读取纪要……"),
    "progress_label": ("Segmenting and labelling statements…", "正在分句并标注需求……"),
    "progress_cases": ("Finding similar past cases…", "正在查找相似的过往案例……"),
    "progress_done": ("Done: {n} statements.", "完成：共{n}条语句。"),
    "masked_report": ("Masked in exports: {persons} people ({mentions} mentions), {email} e-mail addresses, {phone} phone "
                      "numbers, {id} ID numbers.",
                      "导出内容已隐去：{persons}人（{mentions}处），邮箱{email}个，电话{phone}个，证件号{id}个。"),
    "score": ("score", "相关度"),
    "retraining": ("Retraining the classifier…", "正在重新训练分类器……"),
    "corrections_table": ("Label corrections", "标签更正记录"),
    "col_text": ("Statement", "语句"), "col_label": ("Corrected label", "更正后标签"), "col_was": ("Was", "原标签"),
    "col_language": ("Language", "语言"), "col_used": ("Used in training", "已用于训练"),
    "ind_telecom": ("Telecom", "电信"), "ind_banking": ("Banking", "银行"), "ind_consulting": ("Consulting", "咨询"),
    "ind_energy": ("Energy", "能源"), "ind_healthcare": ("Healthcare", "医疗"), "ind_it_cloud": ("IT & cloud", "IT与云"),
    "ind_logistics": ("Logistics", "物流"), "ind_manufacturing": ("Manufacturing", "制造"), "ind_public": ("Public sector", "公共部门"),
    "ind_retail": ("Retail", "零售"),
    "lang_zh": ("Chinese", "中文"), "lang_en": ("English", "英文"), "lang_mixed": ("Mixed", "中英混合"),
    "reg_Africa": ("Africa", "非洲"), "reg_Asia Pacific": ("Asia Pacific", "亚太"), "reg_China": ("China", "中国"),
    "reg_Europe": ("Europe", "欧洲"), "reg_Latin America": ("Latin America", "拉丁美洲"), "reg_Middle East": ("Middle East", "中东"),
    "err_unreadable": ("{name} cannot be read as text.", "{name} 无法作为文本读取（可能是二进制文件或编码不对）。"),
    "err_too_large": ("{name} is over the size limit.", "{name} 超出大小上限。"),
    "err_input": ("{name} could not be used.", "{name} 无法使用。"),
    "unknown": ("unknown", "未知"),
    "index_exact": ("exact (flat)", "精确检索（flat）"),
    "progress_failed": ("Stopped: the input could not be used.", "已停止：输入无法使用。"),
    "stories_axis": ("Case stories", "案例故事"),
    "kind_case": ("case", "案例"),
    "kind_tender": ("tender", "招标文件"),
    "kind_note": ("saved note", "已存纪要"),
    "kind_document": ("document", "文档"),
    "skipped_row": ("Skipped {file} line {line}: {reason}.", "已跳过 {file} 第 {line} 行：{reason}。"),
    "acc_unfiled": ("unfiled", "未归档"),
    "acc_file_to": ("Keep the analysed note in account", "分析后的纪要存入客户档案"),
    "acc_filed": ("Kept in account {account} as the meeting of {date}.", "已存入客户档案 {account}（{date} 的拜访）。"),
    "acc_correct": ("Correct the people", "修正人员"),
    "acc_merge_a": ("This person", "此人"),
    "acc_merge_b": ("is the same person as", "与此人是同一人"),
    "acc_merge": ("Merge", "合并"),
    "acc_split_meeting": ("is someone else in the meeting", "在这次拜访中其实是另一人"),
    "acc_split": ("Split", "拆分"),
    "acc_status_need": ("Need", "需求"),
    "acc_status": ("Status", "状态"),
    "acc_status_set": ("Set status", "设置状态"),
    "acc_person_trend": ("Trend per person", "个人关系走势"),
    "mask_account": ("The note belongs to account (its known people are masked too)", "纪要所属客户（该客户已知的人物也一并隐去）"),
    "mask_account_none": ("none", "无"),
    "acc_col_name": ("name", "姓名"), "acc_col_role": ("role", "职务"), "acc_col_layer": ("layer", "决策层级"),
    "acc_col_stance": ("stance", "态度"), "acc_col_personal": ("personal needs", "个人需求"),
    "acc_col_meetings": ("meetings", "会议数"), "acc_col_forms": ("also written as", "其他写法"),
    "acc_col_need": ("need", "需求"), "acc_col_type": ("type", "类型"), "acc_col_first": ("first seen", "首次出现"),
    "acc_col_last": ("last seen", "最近出现"), "acc_col_status": ("status", "状态"),
    "acc_v_decision": ("decision", "决策层"), "acc_v_management": ("management", "管理层"),
    "acc_v_execution": ("execution", "执行层"), "acc_v_unknown": ("unknown", "未知"),
    "acc_v_supporter": ("supporter", "支持者"), "acc_v_neutral": ("neutral", "中立"), "acc_v_sceptic": ("sceptic", "怀疑者"),
    "acc_v_open": ("open", "待跟进"), "acc_v_answered": ("answered", "已答复"), "acc_v_covered": ("covered", "已覆盖"),
    "acc_v_improving": ("improving", "升温"), "acc_v_stable": ("stable", "平稳"), "acc_v_slipping": ("slipping", "降温"),
    "no_clauses_why": ("The document has {headings} headings, {numbered} numbered items, {tables} tables and {paragraphs} "
                       "paragraphs, but none says what a bidder must do or will be scored on (no shall / must, no points, "
                       "no requirement or scoring table).",
                       "文件共有 {headings} 个标题、{numbered} 个编号条目、{tables} 个表格和 {paragraphs} 个段落，但没有一处"
                       "说明投标人必须做什么或如何评分（没有“应”“须”“必须”，没有分值，也没有需求表或评分表）。"),
    "acc_undo": ("Undo the last correction ({what})", "撤销上一次修正（{what}）"),
}


def account_word(value: str, lang: str = "en") -> str:
    """A layer, stance, status or trend of the accounts view in the reader's language."""
    return t(f"acc_v_{value}", lang) if f"acc_v_{value}" in STRINGS else value


def industry(code: str | None, lang: str = "en") -> str:
    """An industry code of the library (`it_cloud`) as the reader's word; unknown codes are shown as they are."""
    return t(f"ind_{code}", lang) if code and f"ind_{code}" in STRINGS else (code or "")


def error_text(err: Exception, name: str, lang: str = "en") -> str:
    """An input error as one sentence in the reader's language: the product's own English sentence in the English
    UI, a Chinese one by kind of error in the Chinese UI."""
    if lang != "zh":
        return str(err)
    from corpus.errors import TooLarge, UnreadableFile

    key = "err_too_large" if isinstance(err, TooLarge) else "err_unreadable" if isinstance(err, UnreadableFile) else "err_input"
    return t(key, lang, name=name)


def region(name: str | None, lang: str = "en") -> str:
    return t(f"reg_{name}", lang) if name and f"reg_{name}" in STRINGS else (name or "")


def t(key: str, lang: str = "en", **values) -> str:
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
