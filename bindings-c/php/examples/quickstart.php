<?php
require 'bindings-c/php/autoload.php';

use Kooperacje\{Library, Session};

$model = Session::fromJsonl(file_get_contents('tests/quickstart/pzk.jsonl'));
foreach (file('tests/quickstart/zzk.jsonl', FILE_IGNORE_NEW_LINES) as $line) {
    $model->execute($line);                                            // need → consent → … → invitation
}
$model->execute(json_encode(['at' => '2026-04-11T09:00:00Z', 'actor' => 'u-0012', 'command' => [
    'type' => 'hold_zzk_meeting', 'zzk_id' => 'zzk-2026-0021', 'meeting_id' => 'mt-0102', 'kind' => 'first',
    'held_on' => '2026-04-11', 'family_present' => true, 'representative_present' => false,
    'attending' => ['zm-nurse'], 'remote' => false, 'minutes' => 'nt-0104', 'assessment' => null, 'project' => null,
    'plan' => ['case_number' => 'OPS.5120.21.2026', 'situation' => new stdClass(), 'problems' => null,
               'main_goal' => 'Zdrowie rodziny', 'goals' => [['goal_id' => 'g-1', 'title' => 'Leczenie i rehabilitacja']],
               'tasks' => []]]]));
$stage = json_decode($model->zzkJson('zzk-2026-0021'))->stage;
echo Library::label('ZzkStage', $stage, 'pl'), "\n";                    // Praca ZZK
