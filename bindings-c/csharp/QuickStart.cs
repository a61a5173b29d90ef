using System;
using System.IO;
using Kooperacje;

static class QuickStart
{
    static void Main()
    {
        using (var model = Session.FromJsonl(File.ReadAllText("tests/quickstart/pzk.jsonl")))
        {
            foreach (var line in File.ReadLines("tests/quickstart/zzk.jsonl"))
                model.Execute(line);                                       // need → consent → … → invitation
            model.Execute(@"{""at"": ""2026-04-11T09:00:00Z"", ""actor"": ""u-0012"", ""command"": {
                ""type"": ""hold_zzk_meeting"", ""zzk_id"": ""zzk-2026-0021"", ""meeting_id"": ""mt-0102"", ""kind"": ""first"",
                ""held_on"": ""2026-04-11"", ""family_present"": true, ""representative_present"": false,
                ""attending"": [""zm-nurse""], ""remote"": false, ""minutes"": ""nt-0104"", ""assessment"": null, ""project"": null,
                ""plan"": {""case_number"": ""OPS.5120.21.2026"", ""situation"": {}, ""problems"": null, ""main_goal"": ""Zdrowie rodziny"",
                          ""goals"": [{""goal_id"": ""g-1"", ""title"": ""Leczenie i rehabilitacja""}], ""tasks"": []}}}");
            var stage = Library.JsonPointer(model.ZzkJson("zzk-2026-0021"), "/stage");
            Console.WriteLine(Library.Label("ZzkStage", stage, "pl"));       // Praca ZZK
        }
    }
}
