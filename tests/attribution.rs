//! Speaker choices beyond the fifteen hard sentences, each from a pattern seen in real news.

use ukti::{Pipeline, Rules};

/// (speaker, speaker_mention) of every pair.
fn speakers(text: &str) -> Vec<(String, String)> {
    Pipeline::new(Rules::embedded())
        .extract("t", text)
        .into_iter()
        .map(|p| (p.speaker, p.speaker_mention))
        .collect()
}

/// The expected (speaker, speaker_mention) of a text with one pair.
fn one(speaker: &str, mention: &str) -> Vec<(String, String)> {
    vec![(speaker.to_string(), mention.to_string())]
}

/// The speaker column of every pair.
fn speaker_names(text: &str) -> Vec<String> {
    speakers(text).into_iter().map(|(s, _)| s).collect()
}

/// The quote column of every pair.
fn quotes(text: &str) -> Vec<String> {
    Pipeline::new(Rules::embedded())
        .extract("t", text)
        .into_iter()
        .map(|p| p.quote)
        .collect()
}

#[test]
fn postposed_role_and_name_beat_a_guess_before_the_verb() {
    // `এসে` ("having come") is a converb, not a name; the speaker follows `জানান`
    let t = "শিবিরের শিশুদের শিক্ষাকেন্দ্র আবার চালুর উদ্যোগ নিচ্ছে একটি ফাউন্ডেশন।\n\nগতকাল বুধবার শিবির ঘুরে এসে সন্ধ্যায় হোটেলে সংবাদ সম্মেলনে এসব তথ্য জানান ফাউন্ডেশনের চেয়ারম্যান করিম উদ্দিন।";
    assert_eq!(
        speakers(t),
        one("করিম উদ্দিন", "ফাউন্ডেশনের চেয়ারম্যান করিম উদ্দিন")
    );
}

#[test]
fn a_name_first_written_as_an_object_gives_the_fullest_form() {
    let t = "চেয়ারম্যান মো. আবদুর রহমান খানকে চিঠি পাঠিয়েছে মন্ত্রণালয়।\n\nচেয়ারম্যান আবদুর রহমান খান বলেন, “আমরা কাজ করছি।”";
    assert_eq!(speakers(t), one("মো. আবদুর রহমান খান", "চেয়ারম্যান আবদুর রহমান খান"));
}

#[test]
fn the_object_of_a_converb_clause_is_not_the_speaker() {
    let t = "শিবির পরিদর্শনের অভিজ্ঞতা তুলে ধরে শহিদুল আলম বলেন, ‘শিশুরা এমন এক ক্যাম্পে জন্ম নিচ্ছে।’";
    assert_eq!(speakers(t), one("শহিদুল আলম", "শহিদুল আলম"));
    // `ধরে` after a span of time is "for", not part of the name
    let t = "গত কয়েক সপ্তাহ ধরে করিম উদ্দিন বলছেন, ‘আমরা প্রস্তুত।’";
    assert_eq!(speakers(t), one("করিম উদ্দিন", "করিম উদ্দিন"));
}

#[test]
fn a_courtesy_predicate_ends_a_name_and_gives_no_quote() {
    // `শোক জানিয়ে` (offering condolence): `শোক` is not part of the name
    let t = "সংগীতশিল্পী সাজিয়া সুলতানা পুতুল শোক জানিয়ে লিখেছেন, ‘একটা অধ্যায়ের শেষ হলো।’ পরে পুতুল বলেন, ‘আমি তাকে দেখেছিলাম।’";
    assert_eq!(speaker_names(t), vec!["সাজিয়া সুলতানা পুতুল"; 2]);
    // thanking someone states no content: the marked words are not a quote
    let t = "দায়িত্বকালে ‘গুরুত্বপূর্ণ কাজ’ করার জন্য রাষ্ট্রদূতকে ধন্যবাদ জানান প্রধান উপদেষ্টা।";
    assert_eq!(speakers(t), vec![]);
}

#[test]
fn professions_are_roles_and_a_death_verb_is_not_a_name() {
    let t = "শিবির ঘুরে আলোকচিত্রী ও মানবাধিকারকর্মী শহিদুল আলম বলেন, ‘শিশুরা এমন এক ক্যাম্পে জন্ম নিচ্ছে।’";
    assert_eq!(
        speakers(t),
        one("শহিদুল আলম", "আলোকচিত্রী ও মানবাধিকারকর্মী শহিদুল আলম")
    );
    // `মারা গেছেন` ("died"): `মারা` does not join the name introduced before it
    let t = "অভিনেত্রী ব্রিজিত বার্দো মারা গেছেন। ২০০৬ সালে একটি চিঠিতে বার্দো বলেন, ‘আমি ক্লান্ত।’";
    assert_eq!(speakers(t), one("ব্রিজিত বার্দো", "বার্দো"));
}

#[test]
fn a_compound_office_outside_the_lexicon_is_a_role() {
    // `নৌমন্ত্রী` is not in roles.tsv, but a -মন্ত্রী compound is a minister: it resolves to
    // the person introduced as `নৌপরিবহনমন্ত্রী`
    let t =
        "নৌপরিবহনমন্ত্রী করিম উদ্দিন আজ ঘাট পরিদর্শন করেন। নৌমন্ত্রী জানিয়েছেন, ফেরি চলাচল স্বাভাবিক রয়েছে।";
    assert_eq!(speakers(t), one("করিম উদ্দিন", "নৌমন্ত্রী"));
}

#[test]
fn two_people_joined_by_o_are_not_the_topic_of_a_singular_pronoun() {
    let t = "মন্ত্রী করিম উদ্দিন বলেন, নতুন সেতু চালু হবে। প্রধানমন্ত্রী রহিমা বেগম ও রাষ্ট্রপতি আবদুল হক সেতুটি উদ্বোধন করবেন। তিনি জানান, প্রথম দিনে কোনো টোল লাগবে না।";
    assert_eq!(speaker_names(t), vec!["করিম উদ্দিন"; 2]);
}

#[test]
fn a_plural_group_in_the_nominative_ends_the_subject() {
    // `শ্রমিকেরা` closes the subject; `মালিকের গাড়িগুলো` is the converb's object
    let t = "তখন বিক্ষুব্ধ শ্রমিকেরা মালিকের গাড়িগুলো থামিয়ে ‘ভুয়া, ভুয়া’ স্লোগান দেন।";
    assert_eq!(speakers(t), one("বিক্ষুব্ধ শ্রমিকেরা", "বিক্ষুব্ধ শ্রমিকেরা"));
}

#[test]
fn a_subject_with_the_particle_o_is_the_topic_of_a_pronoun() {
    // `রহিমও` is "Rahim too": the particle is no part of the name, and the person who raises
    // the question is the one `তার মতে` refers to
    let t = "অধিনায়ক করিম উদ্দিন বলেন, ‘এমন উইকেট আগে দেখিনি।’ তারকা ব্যাটসম্যান আবদুর রহিমও প্রশ্ন তোলেন উইকেট নিয়ে। তার মতে, ‘ঘাস একটু বেশি ছিল।’";
    assert_eq!(speaker_names(t), vec!["করিম উদ্দিন", "আবদুর রহিম"]);
}

#[test]
fn the_person_the_reporter_reached_is_the_one_who_speaks() {
    let t = "পৌরসভার মেয়র সুনীল সাহা বলেন, কাজ চলছে। এ বিষয়ে উপজেলা চেয়ারম্যান আবদুল করিম মোল্লার সঙ্গে কথা হলে তিনি বলেন, খাল ভরাট করার কোনো সুযোগ নেই।";
    assert_eq!(speaker_names(t), vec!["সুনীল সাহা", "আবদুল করিম মোল্লা"]);
}

#[test]
fn a_lead_pronoun_takes_the_person_named_next_not_a_common_noun() {
    // `সাংবাদিক মারধরের শিকার`: a role before the genitive of a common noun names nobody;
    // the lead's তাঁর is the person the next paragraph names
    let t = "মিছিলের সংবাদ সংগ্রহ করতে গিয়ে এক সাংবাদিক মারধরের শিকার হয়েছেন। তাঁর অভিযোগ, সমর্থকেরা তাঁর ক্যামেরা ভেঙে ফেলেন।\n\nকরিম উদ্দিন বলেন, রাত আটটার দিকে তিনি সেখানে যান।";
    assert_eq!(speaker_names(t), vec!["করিম উদ্দিন"; 2]);
}

#[test]
fn a_role_in_apposition_resolves_through_the_other_role() {
    // the person is introduced later with the first of the two roles only
    let t = "জেলার পুলিশ অফিসার, এসডিপিও বিবিসিকে জানিয়েছেন যে রাতে এই ঘটনা ঘটেছে।\n\nপুলিশ অফিসার রমেশ দাস বিবিসিকে বলেছেন, \"তিনজনকে আটক করা হয়েছে।\"";
    assert_eq!(speaker_names(t), vec!["রমেশ দাস"; 2]);
}

#[test]
fn a_document_without_an_owner_speaks_for_its_issuer() {
    let t = "আজ বৃহস্পতিবার এনবিআরকে চিঠি পাঠিয়েছে শিল্প মন্ত্রণালয়।\n\nচিঠিতে বলা হয়েছে, আগের আদেশ বাতিল করা হয়েছে।";
    assert_eq!(speakers(t)[0].0, "শিল্প মন্ত্রণালয়");
    // a court acting on an application is not its issuer: the document stays as written
    let t = "আদালত এ আবেদন মঞ্জুর করেন।\n\nআবেদনে বলা হয়, তিনি দেশ ছাড়তে পারেন।";
    assert_eq!(speakers(t)[0].0, "আবেদন");
}

#[test]
fn a_hyphenated_list_of_names_is_nobody() {
    // a scraped headline (`… পেলেন আনোয়ারা-রফিকুল-আবিদা`) runs into the speaker's sentence
    let t = "সংগীতশিল্পী নাসরিন আক্তার পুতুল শোক জানিয়েছেন। আরো পড়ুন: সম্মাননা পেলেন রহিমা-করিম-আবিদা পুতুল তার লেখার শুরুতে বলেন, “আমি তাকে প্রথম দেখেছিলাম শৈশবে।”";
    assert_eq!(speakers(t)[0].0, "নাসরিন আক্তার পুতুল");
}

#[test]
fn a_noun_complement_after_a_named_subject_is_the_quote() {
    // `… রাখার কথা জানিয়েছেন`: the span stops before কথা and starts after the subject and
    // its adverbials; a modifier (`প্রথম`) after the name opens the next phrase
    let t = "দলের নতুন নেতা করিম উদ্দিন প্রথম বার্তায় সেতু চালু রাখার অবস্থান বজায় রাখার কথা জানিয়েছেন।";
    let p = Pipeline::new(Rules::embedded()).extract("t", t);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].quote, "সেতু চালু রাখার অবস্থান বজায় রাখার");
    assert_eq!(p[0].speaker, "করিম উদ্দিন");
    // an adverb between কথা and the verb
    let t = "অধিনায়ক করিম উদ্দিন অবসরের আগে ক্যারিয়ারে এক হাজার গোল করার লক্ষ্যের কথা আবারো জানিয়েছেন।";
    let p = Pipeline::new(Rules::embedded()).extract("t", t);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].speaker, "করিম উদ্দিন");
    assert!(p[0].quote.ends_with("লক্ষ্যের"), "{}", p[0].quote);
}

#[test]
fn names_in_lam_and_reports_of_others_are_no_continuation() {
    // `ইসলাম` ends like the first-person `করলাম`; the paragraph is the reporter's
    let t = "শিক্ষকেরা ‘ভুয়া, ভুয়া’ স্লোগান দেন।\n\nবেলা একটার দিকে তাঁদের সঙ্গে কথা বলেন ইউএনও মো. কামরুল ইসলাম।";
    assert_eq!(quotes(t), vec!["ভুয়া, ভুয়া"]);
    // a sentence with its own speech verb reports someone else, even in the first person
    let t =
        "করিম উদ্দিন বলেন, ‘আমরা প্রস্তুত।’ সভাপতি রহিমা বেগম আহ্বান জানিয়েছিলেন, আমাদের ঐতিহ্য রক্ষা করতে হবে।";
    assert_eq!(quotes(t), vec!["আমরা প্রস্তুত।"]);
    // `কথা বলেছে` is talking: the first-person sentence after it still continues the quote
    let t = "করিম উদ্দিন বলেন, তিনি দেশের জন্য লড়েছেন। তিনি সবার আগে কথা বলেছে। আমরা বিশ্বাস করি মানুষ তাকে মনে রাখবে।";
    assert_eq!(
        quotes(t),
        vec!["তিনি দেশের জন্য লড়েছেন", "আমরা বিশ্বাস করি মানুষ তাকে মনে রাখবে"]
    );
}

#[test]
fn a_pronoun_glossed_in_brackets_is_that_person() {
    let t = "প্রার্থী আবদুল মতিন বলেন, গত রাতে তাঁকে ডেকে নেওয়া হয়। কোনো প্রতিকার না পেয়ে তিনি (মোখলেসুর রহমান) আর সমর্থন করতে পারবেন না বলে জানিয়েছেন।";
    assert_eq!(speaker_names(t), vec!["আবদুল মতিন", "মোখলেসুর রহমান"]);
}

#[test]
fn an_unheld_bare_role_is_the_paragraphs_postposed_subject() {
    // nobody is introduced as কিপার; the paragraph names its person after an honorific verb
    let t = "আফ্রিকান নেশনস কাপে খেলছেন রহিম। কেন খেলেন সেই কারণ জানালেন রহিম। এই প্রসঙ্গে ২৭ বছর বয়সী কিপার বলেছেন, ‘আমি যখনই দেশের কথা ভাবি, দাদার কথা মনে পড়ে।’";
    assert_eq!(speakers(t)[0].0, "রহিম");
}

#[test]
fn a_demand_in_the_jussive_is_no_quote() {
    assert!(quotes("নেতা করিম উদ্দিন বৈঠকে ছিলেন। তার দাবি, সরকার বিষয়টি নিয়ে আলোচনা করুক।").is_empty());
    // a claim stays a quote
    assert_eq!(
        quotes("নেতা করিম উদ্দিন বৈঠকে ছিলেন। তার দাবি, সরকার বিষয়টি নিয়ে আলোচনা করেনি।"),
        vec!["সরকার বিষয়টি নিয়ে আলোচনা করেনি"]
    );
}
