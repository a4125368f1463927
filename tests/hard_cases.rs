//! The fifteen hard sentences of LINGUISTICS.md §8 (H1–H15), each asserting the pairs it must
//! give: speaker, exact quote span and kind, or that it gives none.

use ukti::{Pair, Pipeline, Rules};

fn pairs(text: &str) -> Vec<Pair> {
    Pipeline::new(Rules::embedded()).extract("h", text)
}

/// (speaker, quote) of every pair; the quote is also checked against the offsets.
fn got(text: &str) -> Vec<(String, String)> {
    pairs(text)
        .into_iter()
        .map(|p| {
            assert_eq!(ukti::slice_chars(text, p.quote_start, p.quote_end), p.quote);
            (p.speaker, p.quote)
        })
        .collect()
}

fn want(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(s, q)| (s.to_string(), q.to_string()))
        .collect()
}

#[test]
fn h1_directive_is_no_pair_and_pronoun_is_the_last_speaker() {
    let t = "রুশ মুখপাত্র মারিয়া জাখারোভা বলেছেন, বিদেশমন্ত্রী অ্যান্টনি ব্লিঙ্কেন জি-২০ বৈঠকের দ্বিতীয় অধিবেশন চলাকালীন বিদেশমন্ত্রী লাভরভের সঙ্গে যোগাযোগ করতে বলেছেন। তিনি বলেন, “আমরা প্রস্তুত৷”";
    assert_eq!(
        got(t),
        want(&[
            (
                "মারিয়া জাখারোভা",
                "বিদেশমন্ত্রী অ্যান্টনি ব্লিঙ্কেন জি-২০ বৈঠকের দ্বিতীয় অধিবেশন চলাকালীন বিদেশমন্ত্রী লাভরভের সঙ্গে যোগাযোগ করতে বলেছেন"
            ),
            ("মারিয়া জাখারোভা", "আমরা প্রস্তুত৷"),
        ])
    );
}

#[test]
fn h2_speaker_after_the_verb_not_the_genitive() {
    let t = "নির্বাচন নির্ধারিত সময়েই হবে বলে জানিয়েছেন প্রধান উপদেষ্টার প্রেস সচিব শফিকুল আলম।";
    assert_eq!(got(t), want(&[("শফিকুল আলম", "নির্বাচন নির্ধারিত সময়েই হবে")]));
}

#[test]
fn h3_addressee_is_not_the_speaker() {
    let t = "স্বামীর সঙ্গে নিউইয়র্কে থাকেন শিল্পী তনিমা হাদী। প্রথম আলোকে তিনি বলেন, ‘আমি প্রতিবছরই একবার বাংলাদেশে যাই।’";
    let p = pairs(t);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].speaker, "তনিমা হাদী");
    assert_eq!(p[0].quote, "আমি প্রতিবছরই একবার বাংলাদেশে যাই।");
    assert_eq!(p[0].kind, "direct");
}

#[test]
fn h4_organisation_and_sent_statement() {
    let t = "হামাস এক বিবৃতিতে জানিয়েছে, জিম্মি মুক্তির আলোচনা চলছে। তবে ইসরায়েলের প্রধানমন্ত্রীর কার্যালয় থেকে পাঠানো বিবৃতিতে বলা হয়েছে, কোনো চুক্তি হয়নি।";
    assert_eq!(
        got(t),
        want(&[
            ("হামাস", "জিম্মি মুক্তির আলোচনা চলছে"),
            ("ইসরায়েলের প্রধানমন্ত্রীর কার্যালয়", "কোনো চুক্তি হয়নি"),
        ])
    );
}

#[test]
fn h5_hearsay_and_agentless_directive_give_nothing() {
    let t = "প্রশাসনে সচিব পদে রদবদল হবে বলে জানা গেছে। নিম্নাঞ্চলের বাসিন্দাদের সতর্ক থাকতে বলা হয়েছে।";
    assert!(pairs(t).is_empty());
}

#[test]
fn h6_causal_bole_and_postposed_speaker() {
    let t = "বৃষ্টি হচ্ছিল বলে সভা এক ঘণ্টা পিছিয়ে দেওয়া হয়, জানান আয়োজক কমিটির আহ্বায়ক মাহমুদুল হাসান।";
    assert_eq!(
        got(t),
        want(&[("মাহমুদুল হাসান", "বৃষ্টি হচ্ছিল বলে সভা এক ঘণ্টা পিছিয়ে দেওয়া হয়")])
    );
}

#[test]
fn h7_naming_bole_is_no_quote_and_genitive_is_not_the_speaker() {
    let t =
        "‘বঙ্গবন্ধু’ বলে পরিচিত শেখ মুজিবুর রহমানের জন্মবার্ষিকীতে প্রধানমন্ত্রী বলেন, তাঁর আদর্শ আমাদের পথ দেখাবে।";
    // no name for the prime minister in the text: the role as written
    assert_eq!(got(t), want(&[("প্রধানমন্ত্রী", "তাঁর আদর্শ আমাদের পথ দেখাবে")]));
}

#[test]
fn h8_opinion_and_impersonal_passive_give_nothing() {
    let t = "বিশ্লেষকেরা মনে করেন, সুদের হার আরও বাড়তে পারে। তবে এতে মূল্যস্ফীতি কমবে বলে মনে করা হচ্ছে না।";
    assert!(pairs(t).is_empty());
}

#[test]
fn h9_asker_and_addressee_skipped_and_first_person_continuation() {
    let t = "বৈঠক শেষে জানতে চাইলে অর্থ উপদেষ্টা ড. সালেহউদ্দিন আহমেদ সাংবাদিকদের বলেন, অর্থনীতির গতি ফেরাতে সব ব্যাংক সচল রাখা হবে। এসব প্রতিষ্ঠানে কে আছেন বা চলে গেছেন, সেটি আমাদের এখন বিবেচ্য বিষয় নয়।";
    let p = pairs(t);
    assert_eq!(
        p.iter()
            .map(|p| (p.speaker.as_str(), p.kind.as_str(), p.cue.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("সালেহউদ্দিন আহমেদ", "indirect", "বলেন"),
            ("সালেহউদ্দিন আহমেদ", "direct", "")
        ]
    );
    assert_eq!(p[0].quote, "অর্থনীতির গতি ফেরাতে সব ব্যাংক সচল রাখা হবে");
    assert_eq!(
        p[1].quote,
        "এসব প্রতিষ্ঠানে কে আছেন বা চলে গেছেন, সেটি আমাদের এখন বিবেচ্য বিষয় নয়"
    );
}

#[test]
fn h10_doubled_single_quotes_and_anaphoric_role() {
    let t = "অভিনেত্রী দেবলীনা কুমার ফেসবুকে লিখেছেন, ‘‘আজ শুনলাম আমার এক চেনা ছেলে নাকি বিয়ের জন্য পণ চেয়েছে।’’ এরই সঙ্গে অভিনেত্রী লিখেছেন, ‘‘লজ্জায় মাথা কাটা যাচ্ছে।’’";
    assert_eq!(
        got(t),
        want(&[
            (
                "দেবলীনা কুমার",
                "আজ শুনলাম আমার এক চেনা ছেলে নাকি বিয়ের জন্য পণ চেয়েছে।"
            ),
            ("দেবলীনা কুমার", "লজ্জায় মাথা কাটা যাচ্ছে।"),
        ])
    );
}

#[test]
fn h11_apostrophe_is_not_a_closing_mark() {
    let t = "বিসিবি’র পরিচালক ইসমাইল হায়দার মল্লিক বলেন, ‘মিনিস্টার গ্রুপ ঢাকা দলের মালিকানায় থাকবে। এটা আমরা সিদ্ধান্ত নিয়েছি।’";
    assert_eq!(
        got(t),
        want(&[(
            "ইসমাইল হায়দার মল্লিক",
            "মিনিস্টার গ্রুপ ঢাকা দলের মালিকানায় থাকবে। এটা আমরা সিদ্ধান্ত নিয়েছি।"
        )])
    );
}

#[test]
fn h12_nested_report_stays_inside_the_outer_quote() {
    let t = "বাইডেন সাংবাদিকদের বলেন, যুবরাজ হত্যাকাণ্ডে জড়িত থাকার কথা অস্বীকার করেছেন এবং বলেছেন যে তিনি দায়ীদের জবাবদিহির আওতায় আনবেন।";
    assert_eq!(
        got(t),
        want(&[(
            "বাইডেন",
            "যুবরাজ হত্যাকাণ্ডে জড়িত থাকার কথা অস্বীকার করেছেন এবং বলেছেন যে তিনি দায়ীদের জবাবদিহির আওতায় আনবেন"
        )])
    );
}

#[test]
fn h13_negation_gives_nothing_and_anonymous_source_as_written() {
    let t = "এ বিষয়ে জানতে চাইলে জেলা পুলিশ সুপার কিছু বলেননি। তবে নাম প্রকাশ না করার শর্তে এক পুলিশ কর্মকর্তা বলেন, অভিযুক্তদের কয়েকজন পলাতক।";
    assert_eq!(got(t), want(&[("এক পুলিশ কর্মকর্তা", "অভিযুক্তদের কয়েকজন পলাতক")]));
}

#[test]
fn h14_attribution_after_the_quote() {
    let t = "‘আমরা কাউকে ছাড় দেব না। অপরাধী যে দলেরই হোক, বিচার হবে।’ সোমবার সচিবালয়ে এক অনুষ্ঠানে স্বরাষ্ট্র উপদেষ্টা এসব কথা বলেন।";
    assert_eq!(
        got(t),
        want(&[(
            "স্বরাষ্ট্র উপদেষ্টা",
            "আমরা কাউকে ছাড় দেব না। অপরাধী যে দলেরই হোক, বিচার হবে।"
        )])
    );
}

#[test]
fn h15_initials_and_embedded_second_person_verb() {
    let t = "পররাষ্ট্রমন্ত্রী এ কে আব্দুল মোমেন বলেন, ‘আপনারা বলেন সম্পর্ক খারাপ, কিন্তু নেপালকে আমরা পায়রা বন্দর ব্যবহারের প্রস্তাব দিয়েছি।’";
    assert_eq!(
        got(t),
        want(&[(
            "এ কে আব্দুল মোমেন",
            "আপনারা বলেন সম্পর্ক খারাপ, কিন্তু নেপালকে আমরা পায়রা বন্দর ব্যবহারের প্রস্তাব দিয়েছি।"
        )])
    );
}
