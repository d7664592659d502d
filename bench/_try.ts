import { compilePolicy, validateFacts, evaluate, renderReport } from '../lambda/engine'
import { shippedPolicies } from '../policies'
import { referenceFacts, referenceRequested, referenceEvaluationDate } from '../test/unit/engine/fixtures/reference-case'
const t = performance.now()
const p = compilePolicy(shippedPolicies[0])
console.log('compile ms', performance.now() - t)
const v = validateFacts(p, referenceFacts)
if (!v.ok) throw new Error(JSON.stringify(v.errors))
const e = evaluate(p, v.facts, referenceRequested, referenceEvaluationDate)
console.log(JSON.stringify(e, null, 1))
console.log(renderReport({ policy: p, ...e, cptCode: '27279', source: 'ENGINE' }))
