/**
 * Folding a post for matching: traditional characters to simplified (posts from Hong Kong, Macau and Taiwan),
 * common Cantonese function words to their Mandarin equivalents (喺 → 在), full-width Latin letters and digits
 * to ASCII, Latin lower-cased. The folded text is only matched against; what is stored and shown stays as written.
 * One character in, one character out, so positions in the folded text are positions in the original.
 */

/** Traditional (and Cantonese) characters and, at the same index, what they fold to. */
const FROM =
  "門東廣灣臺黃漢陽龍華蘇寧遼齊雲貴晉陝慶興連鄭濟島長烏魯關豐衛馬車橫讀書們國學問題請點樣資與這個說會為時對沒還麼嗎發應該經過報內願務識話幫謝從後來裡裏歲媽爺愛戀婦親無難氣錢業職畢實習試證課師補貸費險單億萬幣購買賣價貨賠償權維護訴訟勞動區縣鄉鎮廳機構團員組織係聯絡電網頁號碼搶騙詐據辦處歡樂開閉間聽見覺給讓認記許調談論議語誰講變頭腦體療醫藥傷殺嚇擊麗壓層樓陳鄰將當總準備級績優獎節紀續線練紹終結統絕緊綫緣編繼舊歷曆聖藝術蘭衝裝復複憂懼戰摯擇揚換損擔數斷於晝條棄極標殘測淚淺滿漲潔災熱爭爾牆獨獲現環産產畫異瘋盜盡監確禮穩窮競筆築簡簽糧紅約納紙細綁緒縮羅義聞聲腳舉艱莊葉蔣薦蟲衆製襲規視觀計訂訊託設訪評詞詳誠誤諮謀謊譯負財責貧販貼賓賞賬賴贈趕趙跡踐躍軍較輔輕輛輸轉農邊進遠違遞適遷選遺郵釋針鈔銀銷鋪錄錯鍵閑閱隊陰際隨隱雖雙雜離靈靜響頂項順須預領頻額顏顧顯風飛飯養餘館騷驗驚髮鬥鬧魚鳥鹽麥齡鐘鏈鐵鍾鄧韓俠倫偉側傳債傾僅儀儲兒兩凍剛創劃劇勁勢勵協厭厲參吳喪喬嗚園圍圖圓塊塗壞夢夥奪奮婭嬰孫寢寫審導尋屆屬岡峽崗帳幾庫廢廠張彈彥徑徵憐懷戶搖擁擬擴攝敗敵斬暫曉槍樹橋檢歸毀滅濕燈營獄獻瑪畝瘧癥盤眾礙祿禍種稱穀窩範糾紛絲綜綠緩繫罰罷膽臉艦蘋虧袞褲覽訓詢誌誼諒諾謂謹豬貓貿賀賊賦質贏趨輩輪轟辭遊達遲釀鋼錦鍋鎖鑰閃闆闖陣陸隻雞霧韋頒頓頸顆饑駐騎驅鬱鮮麵黨齒萊楊榮濱瀋嶺廈閩紮採隸喺唔嘅咗冇";
const TO =
  "门东广湾台黄汉阳龙华苏宁辽齐云贵晋陕庆兴连郑济岛长乌鲁关丰卫马车横读书们国学问题请点样资与这个说会为时对没还么吗发应该经过报内愿务识话帮谢从后来里里岁妈爷爱恋妇亲无难气钱业职毕实习试证课师补贷费险单亿万币购买卖价货赔偿权维护诉讼劳动区县乡镇厅机构团员组织是联络电网页号码抢骗诈据办处欢乐开闭间听见觉给让认记许调谈论议语谁讲变头脑体疗医药伤杀吓击丽压层楼陈邻将当总准备级绩优奖节纪续线练绍终结统绝紧线缘编继旧历历圣艺术兰冲装复复忧惧战挚择扬换损担数断于昼条弃极标残测泪浅满涨洁灾热争尔墙独获现环产产画异疯盗尽监确礼稳穷竞笔筑简签粮红约纳纸细绑绪缩罗义闻声脚举艰庄叶蒋荐虫众制袭规视观计订讯托设访评词详诚误咨谋谎译负财责贫贩贴宾赏账赖赠赶赵迹践跃军较辅轻辆输转农边进远违递适迁选遗邮释针钞银销铺录错键闲阅队阴际随隐虽双杂离灵静响顶项顺须预领频额颜顾显风飞饭养余馆骚验惊发斗闹鱼鸟盐麦龄钟链铁钟邓韩侠伦伟侧传债倾仅仪储儿两冻刚创划剧劲势励协厌厉参吴丧乔呜园围图圆块涂坏梦伙夺奋娅婴孙寝写审导寻届属冈峡岗帐几库废厂张弹彦径征怜怀户摇拥拟扩摄败敌斩暂晓枪树桥检归毁灭湿灯营狱献玛亩疟症盘众碍禄祸种称谷窝范纠纷丝综绿缓系罚罢胆脸舰苹亏衮裤览训询志谊谅诺谓谨猪猫贸贺贼赋质赢趋辈轮轰辞游达迟酿钢锦锅锁钥闪板闯阵陆只鸡雾韦颁顿颈颗饥驻骑驱郁鲜面党齿莱杨荣滨沈岭厦闽扎采隶在不的了没";

/** code unit → what it folds to, 0 where it stays as it is */
const TABLE = new Uint16Array(65536);
for (let i = 0; i < FROM.length; i++) TABLE[FROM.charCodeAt(i)] = TO.charCodeAt(i);
for (let code = 65; code <= 90; code++) TABLE[code] = code + 32;
for (let code = 0xff01; code <= 0xff5e; code++) {
  const ascii = code - 0xfee0;
  TABLE[code] = ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
}

export function foldText(text: string): string {
  let i = 0;
  while (i < text.length && TABLE[text.charCodeAt(i)] === 0) i++;
  if (i === text.length) return text;
  const codes = new Uint16Array(text.length);
  for (let j = 0; j < text.length; j++) {
    const code = text.charCodeAt(j);
    codes[j] = TABLE[code] || code;
  }
  return String.fromCharCode(...codes);
}

/** Folds one word (jieba output) the same way. */
export function foldWord(word: string): string {
  return foldText(word);
}
