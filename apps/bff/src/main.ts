import { runService } from '@gt/service-kit';
import { bffService } from './service';

void runService(bffService());
